pub async fn mount_sandbox(_s: &httpmock::MockServer) {}
