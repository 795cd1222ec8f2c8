//! The `mock` feature's sandbox, as the example and doc tests use it.

use intuit_aggcat::mock;

#[tokio::test]
async fn sandbox_serves_accounts() {
    let server = httpmock::MockServer::start_async().await;
    let sandbox = mock::mount_sandbox(&server).await;
    let client = mock::client_builder(&server).build().unwrap();
    let result = tokio::time::timeout(std::time::Duration::from_secs(10), client.get_customer_accounts()).await;
    assert_eq!(result.unwrap().unwrap().accounts.len(), 10);
}
