//! Every delete operation: method, path, query, and the token it carries (client operations
//! carry the client token, user operations the user's).

use finapi::mock::{exact_query, CLIENT_TOKEN, USER_TOKEN};
use httpmock::Method::DELETE;
use serde_json::json;

use crate::setup;

/// Registers `DELETE path` with `bearer` and `query`, answered 200 with `body` (if any), runs
/// `call`, and asserts one hit.
macro_rules! deletes {
    ($mock:expr, $client:expr, [$(($bearer:expr, $path:expr, $query:expr, $body:expr, |$c:ident| $call:expr)),* $(,)?]) => {
        $(
            let answer = $mock
                .server()
                .mock_async(|when, then| {
                    exact_query(finapi::mock::api(when, DELETE, $path, $bearer), $query);
                    let then = then.status(200);
                    let body: Option<serde_json::Value> = $body;
                    if let Some(body) = body {
                        then.json_body(body);
                    }
                })
                .await;
            let $c = &$client;
            let response = $call.await.unwrap_or_else(|e| panic!("{}: {e}", $path));
            assert_eq!(response.status(), 200, "{}", $path);
            answer.assert_async().await;
        )*
    };
}

#[tokio::test]
async fn every_delete_goes_where_it_should_with_the_right_token() {
    let (mock, client) = setup().await;
    let ids = Some(json!({ "identifiers": [1, 2] }));
    deletes!(
        mock,
        client,
        [
            (USER_TOKEN, "/api/v1/users", &[], None, |c| c
                .delete_authorized_user()
                .send()),
            (CLIENT_TOKEN, "/api/v1/users/bob", &[], None, |c| c
                .delete_unverified_user()
                .user_id("bob")
                .send()),
            (USER_TOKEN, "/api/v1/accounts/11", &[], None, |c| c
                .delete_account()
                .id(11)
                .send()),
            (USER_TOKEN, "/api/v1/accounts", &[], ids.clone(), |c| c
                .delete_all_accounts()
                .send()),
            (USER_TOKEN, "/api/v1/transactions/12", &[], None, |c| c
                .delete_transaction()
                .id(12)
                .send()),
            (
                USER_TOKEN,
                "/api/v1/transactions",
                &[
                    ("maxDeletionDate", "2024-04-30"),
                    ("safeMode", "true"),
                    ("rememberDeletion", "false")
                ],
                ids.clone(),
                |c| c
                    .delete_all_transactions()
                    .max_deletion_date("2024-04-30")
                    .safe_mode(true)
                    .remember_deletion(false)
                    .send()
            ),
            (USER_TOKEN, "/api/v1/labels/13", &[], None, |c| c
                .delete_label()
                .id(13)
                .send()),
            (USER_TOKEN, "/api/v1/labels", &[], ids.clone(), |c| c
                .delete_all_labels()
                .send()),
            (USER_TOKEN, "/api/v1/categories/14", &[], None, |c| c
                .delete_category()
                .id(14)
                .send()),
            (USER_TOKEN, "/api/v1/categories", &[], ids.clone(), |c| c
                .delete_all_categories()
                .send()),
            (USER_TOKEN, "/api/v1/notificationRules/15", &[], None, |c| c
                .delete_notification_rule()
                .id(15)
                .send()),
            (
                USER_TOKEN,
                "/api/v1/notificationRules",
                &[],
                ids.clone(),
                |c| c.delete_all_notification_rules().send()
            ),
            (CLIENT_TOKEN, "/api/v1/tppCredentials/16", &[], None, |c| c
                .delete_tpp_credential()
                .id(16)
                .send()),
            (CLIENT_TOKEN, "/api/v1/tppCertificates/17", &[], None, |c| c
                .delete_certificate()
                .id(17)
                .send()),
        ]
    );
    mock.tokens().client.assert_calls_async(1).await;
    mock.tokens().user.assert_calls_async(1).await;
}
