//! Webhooks: `BI-Signature` verification against the derived vectors (good, bad, stale), then
//! the sync callback of the Budgea guide decoded.

use bankapi_core::secrecy::SecretString;
use budgea::types::{ConnectionState, UserPlatform};
use budgea::webhooks::{
    sign, verify, verify_bearer, ConnectionSynced, UserSynced, VerifyError, WebhookEvent,
    WebhookVerifier,
};
use chrono::{DateTime, TimeZone, Utc};
use reqwest::header::HeaderMap;
use std::time::Duration;

struct Vector {
    secret: SecretString,
    path: String,
    date: String,
    body: Vec<u8>,
    signature: String,
}

fn vectors() -> Vec<Vector> {
    let file = bankapi_testkit::fixture_json("budgea/derived/webhook_signature_vectors.json");
    file["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            assert_eq!(v["method"], "POST");
            let text = |k: &str| v[k].as_str().unwrap().to_owned();
            Vector {
                secret: SecretString::from(text("secret")),
                path: text("path"),
                date: text("BI-Signature-Date"),
                body: text("body").into_bytes(),
                signature: text("BI-Signature"),
            }
        })
        .collect()
}

fn headers(signature: &str, date: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("BI-Signature", signature.parse().unwrap());
    headers.insert("BI-Signature-Date", date.parse().unwrap());
    headers
}

fn signed_at(date: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(date)
        .or_else(|_| DateTime::parse_from_rfc2822(date))
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn every_vector_verifies() {
    let vectors = vectors();
    assert!(vectors.len() >= 2);
    for v in &vectors {
        assert_eq!(sign(&v.secret, &v.path, &v.date, &v.body), v.signature);
        let now = signed_at(&v.date) + chrono::Duration::seconds(30);
        assert_eq!(
            verify(
                &headers(&v.signature, &v.date),
                &v.path,
                &v.body,
                &v.secret,
                now,
                Some(Duration::from_secs(300))
            ),
            Ok(())
        );
    }
}

#[test]
fn bad_signatures_are_refused() {
    for v in vectors() {
        let now = signed_at(&v.date);
        let tolerance = Some(Duration::from_secs(300));
        let good = headers(&v.signature, &v.date);
        let mut body = v.body.clone();
        body.push(b' ');
        let wrong_secret = SecretString::from("not-the-secret");
        for (what, result) in [
            (
                "body",
                verify(&good, &v.path, &body, &v.secret, now, tolerance),
            ),
            (
                "path",
                verify(&good, "/other", &v.body, &v.secret, now, tolerance),
            ),
            (
                "secret",
                verify(&good, &v.path, &v.body, &wrong_secret, now, tolerance),
            ),
            // The date is signed too: changing it breaks the signature.
            (
                "date",
                verify(
                    &headers(&v.signature, "2020-01-01T00:00:00Z"),
                    &v.path,
                    &v.body,
                    &v.secret,
                    now,
                    tolerance,
                ),
            ),
        ] {
            assert_eq!(result, Err(VerifyError::BadSignature), "{what}");
        }
        assert_eq!(
            verify(
                &headers("bm90IGJhc2U2NA==", &v.date),
                &v.path,
                &v.body,
                &v.secret,
                now,
                tolerance
            ),
            Err(VerifyError::BadSignature)
        );
    }
}

#[test]
fn stale_and_future_dates_are_refused() {
    let v = &vectors()[1];
    let signed = signed_at(&v.date);
    let verifier = |now: DateTime<Utc>| {
        WebhookVerifier::new(v.secret.clone())
            .with_tolerance(Some(Duration::from_secs(300)))
            .with_clock(move || now)
    };
    let h = headers(&v.signature, &v.date);
    assert!(verifier(signed + chrono::Duration::seconds(299))
        .verify(&v.path, &h, &v.body)
        .is_ok());
    assert_eq!(
        verifier(signed + chrono::Duration::seconds(301)).verify(&v.path, &h, &v.body),
        Err(VerifyError::Stale { seconds: 301 })
    );
    assert_eq!(
        verifier(signed - chrono::Duration::hours(1)).verify(&v.path, &h, &v.body),
        Err(VerifyError::Stale { seconds: 3600 })
    );
    // Without a tolerance the date is not checked.
    let far = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    assert!(WebhookVerifier::new(v.secret.clone())
        .with_tolerance(None)
        .with_clock(move || far)
        .verify(&v.path, &h, &v.body)
        .is_ok());
}

#[test]
fn the_guide_callback_decodes() {
    let body = bankapi_testkit::fixture_bytes(
        "budgea/budgea_2_0_doc_samples/user_synced_callback_body.json",
    );
    let synced = UserSynced::parse(&body).unwrap();
    assert_eq!(synced.total, Some(1));
    let user = synced.user.as_ref().unwrap();
    assert_eq!(user.id, 7);
    assert_eq!(user.platform, Some(UserPlatform::SharedAccess));
    let connection = &synced.connections[0];
    assert_eq!((connection.id, connection.id_bank), (7, Some(41)));
    assert_eq!(connection.error, None);
    assert_eq!(
        connection
            .bank
            .as_deref()
            .and_then(|b| b.id_weboob.as_deref()),
        Some("ing")
    );
    let account = &connection.accounts[0];
    assert_eq!(account.balance, Some(7481.01));
    assert_eq!(
        account
            .currency
            .as_deref()
            .and_then(|c| c.symbol.as_deref()),
        Some("€")
    );
    assert_eq!(account.investments[0].valuation, Some(3520.28));
    let transaction = &account.transactions[0];
    assert_eq!(transaction.value, Some(-16.22));
    assert_eq!(
        transaction.simplified_wording.as_deref(),
        Some("HALL'S BEER")
    );
    assert_eq!(
        transaction
            .application_date
            .map(|d| d.to_string())
            .as_deref(),
        Some("2015-06-17")
    );
    assert!(transaction.commission.is_none() && transaction.id_cluster.is_none());
    // The same body, through the event dispatcher.
    assert!(matches!(
        WebhookEvent::parse("USER_SYNCED", &body).unwrap(),
        WebhookEvent::UserSynced(_)
    ));
}

#[test]
fn the_legacy_callback_authorization_and_other_events() {
    let raw = bankapi_testkit::fixture_string(
        "budgea/budgea_2_0_doc_samples/user_synced_callback_request_headers.txt",
    );
    let mut headers = HeaderMap::new();
    for line in raw.lines().skip(1) {
        if let Some((name, value)) = line.split_once(": ") {
            headers.insert(
                reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.trim().parse().unwrap(),
            );
        }
    }
    assert!(verify_bearer(
        &headers,
        &SecretString::from("sl/wuqgD2eOo+4Zf9FjvAz3YJgU+JKsJ")
    )
    .is_ok());
    assert_eq!(
        verify_bearer(&headers, &SecretString::from("x")),
        Err(VerifyError::BadToken)
    );

    let synced = ConnectionSynced::parse(
        br#"{"user":{"id":1},"connection":{"id":10,"state":"SCARequired","accounts":[]}}"#,
    )
    .unwrap();
    assert_eq!(synced.connection.state, Some(ConnectionState::ScaRequired));
    let other = WebhookEvent::parse("SOMETHING_NEW", br#"{"a":1}"#).unwrap();
    assert!(
        matches!(other, WebhookEvent::Other { event, body } if event == "SOMETHING_NEW" && body == serde_json::json!({"a": 1}))
    );
    assert!(WebhookEvent::parse("CONNECTION_SYNCED", b"not json").is_err());
}
