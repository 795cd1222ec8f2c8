//! Seed 001 "Hello World": `GET /banks?expand=fields`, and the fields as prompts.

use budgea::connections::{FieldKind, FieldPrompt};
use budgea::mock::{MockApi, BANK_ID};

#[tokio::test]
async fn banks_with_their_fields() {
    let api = MockApi::start().await;
    let banks = api.banks_with_fields().await;
    // No token: listing banks is public.
    let list = api
        .client()
        .list_banks()
        .expand("fields")
        .send()
        .await
        .unwrap()
        .into_inner();
    banks.assert_calls_async(1).await;
    assert_eq!(list.total, Some(1));
    let bank = &list.banks[0];
    assert_eq!(bank.id, BANK_ID);
    assert_eq!(bank.id_weboob.as_deref(), Some("bnporc"));
    let prompts: Vec<FieldPrompt> = bank.fields.iter().map(FieldPrompt::from).collect();
    assert_eq!(prompts.len(), 3);
    match &prompts[0].kind {
        FieldKind::Choice(choices) => {
            assert_eq!(choices.len(), 2);
            assert_eq!(
                (choices[0].value.as_str(), choices[0].label.as_str()),
                ("par", "Particuliers")
            );
        }
        other => panic!("a list field, not {other:?}"),
    }
    assert_eq!(prompts[2].kind, FieldKind::Password);
    assert_eq!(prompts[2].regex.as_deref(), Some("^[0-9]{6}$"));
    assert!(prompts.iter().all(|p| p.required));
}

#[tokio::test]
async fn one_bank_by_id_sends_the_api_version_and_no_token() {
    let server = httpmock::MockServer::start_async().await;
    let bank = server
        .mock_async(|when, then| {
            when.method(httpmock::Method::GET)
                .path("/2.0/banks/59")
                .query_param("expand", "fields")
                .header("api-version", "2.0")
                .header("accept", "application/json")
                .header_missing("authorization");
            then.status(200).json_body(serde_json::json!({
                "id": 59, "name": "BNP Paribas", "hidden": false, "charged": true,
                "fields": [{"name": "login", "type": "text", "label": "Numéro client", "regex": null}]
            }));
        })
        .await;
    let client = budgea::Client::builder()
        .base_url(server.url("/2.0"))
        .build()
        .unwrap();
    let connector = client
        .get_bank()
        .id_bank(59)
        .expand("fields")
        .send()
        .await
        .unwrap();
    bank.assert_async().await;
    assert_eq!(connector.name.as_deref(), Some("BNP Paribas"));
    assert_eq!(connector.fields[0].regex, None);
}
