//! The file uploads (multipart), hand-written since the generator cannot send them.

use bankapi_core::{ErrorKind, ProviderError};
use budgea::uploads::{DocumentParent, DocumentUpload, FileUpload};
use httpmock::Method::{POST, PUT};
use serde_json::json;

fn pdf() -> FileUpload {
    FileUpload::new(
        b"%PDF-1.4 facture".to_vec(),
        "facture.pdf",
        "application/pdf",
    )
}

#[tokio::test]
async fn documents_and_terms_are_sent_as_multipart_once() {
    let server = httpmock::MockServer::start_async().await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/2.0/users/me/connections/1/accounts/2/transactions/3/documents")
                .header_includes("content-type", "multipart/form-data; boundary=")
                .header("authorization", "Bearer tok")
                .body_includes("name=\"date\"\r\n\r\n2024-06-01")
                .body_includes("name=\"income\"\r\n\r\nfalse")
                .body_includes("name=\"total_amount\"\r\n\r\n12.5")
                .body_includes("filename=\"facture.pdf\"")
                .body_includes("%PDF-1.4 facture");
            then.status(200)
                .json_body(json!({"id": 9, "name": "Facture", "timestamp": "2024-06-01 10:00:00"}));
        })
        .await;
    let replace = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/2.0/users/me/documents/9")
                .body_includes("name=\"income\"\r\n\r\n1")
                .body_excludes("filename=");
            then.status(503);
        })
        .await;
    let terms = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/2.0/terms/4")
                .body_includes("name=\"language\"\r\n\r\nfr")
                .body_includes("name=\"file_content\"; filename=\"facture.pdf\"");
            then.status(200).json_body(json!({"id": 4}));
        })
        .await;
    let client = crate::client_of(&server);
    let parent = DocumentParent::ConnectionAccountTransaction {
        connection: 1,
        account: 2,
        transaction: 3,
    };
    let document = client
        .upload_document(
            &parent,
            &DocumentUpload::new(pdf())
                .name("Facture".into())
                .date(chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap())
                .income(false)
                .total_amount(12.5),
        )
        .await
        .unwrap();
    assert_eq!(document.id, 9);
    let error = client
        .replace_document(
            &DocumentParent::User,
            9,
            &DocumentUpload::metadata().income(true),
        )
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let terms_result = client.add_terms_content(4, "fr", &pdf()).await.unwrap();
    assert_eq!(terms_result.id, 4);
    create.assert_calls_async(1).await;
    // Uploads stream their body: never sent twice.
    replace.assert_calls_async(1).await;
    terms.assert_calls_async(1).await;
    // A document without its date, or an empty file, is refused before sending.
    let missing_date = client
        .upload_document(&parent, &DocumentUpload::new(pdf()))
        .await
        .unwrap_err();
    let empty = client
        .add_terms_content(
            4,
            "fr",
            &FileUpload::new(Vec::new(), "x.pdf", "application/pdf"),
        )
        .await
        .unwrap_err();
    for error in [missing_date, empty] {
        assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    }
    create.assert_calls_async(1).await;
}
