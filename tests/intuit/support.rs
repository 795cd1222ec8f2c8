//! A contract server: httpmock mocks that check what Intuit checks. The token endpoint verifies
//! the SAML assertion with the python-aggcat test certificate; every API mock recomputes the
//! OAuth 1.0a signature with the test secrets before it matches.

use bankapi_testkit::{fixture_bytes, fixture_string};
use httpmock::{HttpMockRequest, MockServer};
use intuit_aggcat::{oauth, saml, Client};

pub const CONSUMER_KEY: &str = "test-consumer-key";
pub const CONSUMER_SECRET: &str = "test-consumer-secret";
pub const ISSUER: &str = "test.issuer.id.intuit.ipp.dev";
pub const CUSTOMER_ID: &str = "42";
pub const TOKEN_PATH: &str = "/oauth/v1/get_access_token_by_saml";
/// The token and secret of the token fixture.
pub const TOKEN: &str = "qyprd26XdjQXGOQcaaDIDcfmkWl42VRhuUiQ0mXlNW9CUs1O";
pub const TOKEN_SECRET: &str = "dv0yxrpWIMWP611ru7bpNx3mlww6R43tDpgO0SoI";

pub fn fixture(name: &str) -> String {
    fixture_string(&format!("intuit/{name}"))
}

/// The URL the client signed: the Host header tells scheme-less host and port.
pub fn signed_url(request: &HttpMockRequest) -> String {
    let host = request
        .headers()
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let uri = request.uri();
    format!(
        "http://{host}{}",
        uri.path_and_query().map(|p| p.as_str()).unwrap_or("/")
    )
}

/// Whether the request carries a valid OAuth 1.0a signature made with the test secrets and the
/// token of the fixture.
pub fn oauth_ok(request: &HttpMockRequest) -> bool {
    oauth_ok_with(request, TOKEN_SECRET, TOKEN)
}

pub fn oauth_ok_with(request: &HttpMockRequest, token_secret: &str, token: &str) -> bool {
    let Some(header) = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return false;
    };
    match oauth::verify_authorization(
        request.method().as_str(),
        &signed_url(request),
        &header,
        CONSUMER_SECRET,
        token_secret,
    ) {
        Ok(v) => v.consumer_key == CONSUMER_KEY && v.token == token,
        Err(e) => {
            eprintln!("OAuth check failed: {e}");
            false
        }
    }
}

/// Whether a token request carries a SAML assertion that verifies with the test certificate,
/// for the test issuer and customer, and only the consumer key in its Authorization header.
pub fn saml_ok(request: &HttpMockRequest) -> bool {
    let headers = request.headers();
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if authorization != format!("OAuth oauth_consumer_key=\"{CONSUMER_KEY}\"") {
        eprintln!("token request Authorization: {authorization:?}");
        return false;
    }
    let body = request.body_string();
    let Some(encoded) = body.strip_prefix("saml_assertion=") else {
        return false;
    };
    let assertion = encoded
        .replace("%2B", "+")
        .replace("%2F", "/")
        .replace("%3D", "=");
    let cert = fixture_bytes("intuit/keys/python-aggcat_test.crt");
    match saml::verify(&assertion, &cert) {
        Ok(v) => v.issuer == ISSUER && v.audience == ISSUER && v.customer_id == CUSTOMER_ID,
        Err(e) => {
            eprintln!("SAML check failed: {e}");
            false
        }
    }
}

/// A server with the token endpoint mounted, and a client for it.
pub struct Contract {
    pub server: &'static MockServer,
    pub client: Client,
    pub token: httpmock::Mock<'static>,
}

pub async fn contract() -> Contract {
    // Leaked so that mocks can borrow it for 'static; one small server per test.
    let server: &'static MockServer = Box::leak(Box::new(MockServer::start_async().await));
    let token = server
        .mock_async(|when, then| {
            when.method("POST")
                .path(TOKEN_PATH)
                .header("content-type", "application/x-www-form-urlencoded")
                .is_true(saml_ok);
            then.status(200)
                .header("content-type", "text/plain")
                .body(fixture(
                    "cloocher-aggcat/resp_200_saml_oauth_token_form.txt",
                ));
        })
        .await;
    let client = builder(server).build().unwrap();
    Contract {
        server,
        client,
        token,
    }
}

pub fn builder(server: &MockServer) -> intuit_aggcat::ClientBuilder {
    Client::builder()
        .consumer_key(CONSUMER_KEY)
        .consumer_secret(CONSUMER_SECRET)
        .saml_identity_provider_id(ISSUER)
        .customer_id(CUSTOMER_ID)
        .private_key_pem(fixture("keys/python-aggcat_test.key"))
        .base_url(server.url("/v1"))
        .token_url(server.url(TOKEN_PATH))
}
