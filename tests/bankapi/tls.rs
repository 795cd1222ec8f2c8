//! TLS verification is on by default for every provider: a server on 127.0.0.1 with a
//! self-signed certificate is refused by each provider's client, while a client that skips
//! verification gets its answer, so the refusal comes from verification and nothing else.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use bankapi::{Error, ErrorKind};
use openssl::asn1::Asn1Time;
use openssl::bn::BigNum;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::ssl::{SslAcceptor, SslMethod};
use openssl::x509::extension::SubjectAlternativeName;
use openssl::x509::{X509NameBuilder, X509};

/// A certificate for 127.0.0.1 that no trust store knows.
fn self_signed() -> (PKey<Private>, X509) {
    let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "127.0.0.1").unwrap();
    let name = name.build();
    let mut cert = X509::builder().unwrap();
    cert.set_version(2).unwrap();
    let serial = BigNum::from_u32(1).unwrap().to_asn1_integer().unwrap();
    cert.set_serial_number(&serial).unwrap();
    cert.set_subject_name(&name).unwrap();
    cert.set_issuer_name(&name).unwrap();
    cert.set_pubkey(&key).unwrap();
    cert.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    cert.set_not_after(&Asn1Time::days_from_now(1).unwrap())
        .unwrap();
    let san = SubjectAlternativeName::new()
        .ip("127.0.0.1")
        .build(&cert.x509v3_context(None, None))
        .unwrap();
    cert.append_extension(san).unwrap();
    cert.sign(&key, MessageDigest::sha256()).unwrap();
    (key, cert.build())
}

/// A TLS server that answers every request `200 {}`, counting the handshakes that completed.
struct SelfSignedServer {
    address: SocketAddr,
    handshakes: Arc<AtomicUsize>,
}

impl SelfSignedServer {
    fn start() -> Self {
        let (key, cert) = self_signed();
        let mut acceptor = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls()).unwrap();
        acceptor.set_private_key(&key).unwrap();
        acceptor.set_certificate(&cert).unwrap();
        let acceptor = Arc::new(acceptor.build());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let handshakes = Arc::new(AtomicUsize::new(0));
        let counted = handshakes.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let acceptor = acceptor.clone();
                let counted = counted.clone();
                thread::spawn(move || {
                    let Ok(mut tls) = acceptor.accept(stream) else {
                        return;
                    };
                    counted.fetch_add(1, Ordering::SeqCst);
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 4096];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut buffer) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let _ = tls.write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                          content-length: 2\r\nconnection: close\r\n\r\n{}",
                    );
                    let _ = tls.shutdown();
                });
            }
        });
        SelfSignedServer {
            address,
            handshakes,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("https://{}{path}", self.address)
    }

    fn handshakes(&self) -> usize {
        self.handshakes.load(Ordering::SeqCst)
    }
}

fn assert_refused(error: Error, server: &SelfSignedServer) {
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    let mut chain = Vec::new();
    let mut cause: Option<&dyn std::error::Error> = Some(&error);
    while let Some(current) = cause {
        chain.push(current.to_string());
        cause = current.source();
    }
    assert!(
        chain.iter().any(|c| c.contains("certificate")),
        "the error should say the certificate was refused: {chain:?}"
    );
    assert_eq!(server.handshakes(), 0, "no TLS session may be established");
}

#[tokio::test]
async fn the_test_server_answers_a_client_that_skips_verification() {
    let server = SelfSignedServer::start();
    let insecure = reqwest::Client::builder()
        .tls_danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    let answer = insecure.get(server.url("/")).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.unwrap(), "{}");
    assert_eq!(server.handshakes(), 1);
}

#[tokio::test]
async fn finapi_refuses_an_unknown_certificate() {
    let server = SelfSignedServer::start();
    let client = finapi::Client::builder()
        .base_url(server.url(""))
        .client_credentials("client", "secret")
        .user("alice", "password")
        .build()
        .unwrap();
    let error = client
        .get_and_search_all_accounts()
        .send()
        .await
        .unwrap_err();
    assert_refused(Error::from(error), &server);
}

#[tokio::test]
async fn budgea_refuses_an_unknown_certificate() {
    let server = SelfSignedServer::start();
    let client = budgea::Client::builder()
        .base_url(server.url("/2.0"))
        .build()
        .unwrap();
    let error = client.list_banks().send().await.unwrap_err();
    assert_refused(Error::from(budgea::Error::from(error)), &server);
}

#[tokio::test]
async fn prometeo_refuses_an_unknown_certificate() {
    let server = SelfSignedServer::start();
    let client = prometeo::Client::new("api-key", prometeo::Environment::Custom(server.url("")));
    let error = client.providers().await.unwrap_err();
    assert_refused(Error::from(error), &server);
}

#[tokio::test]
async fn intuit_refuses_an_unknown_certificate() {
    use intuit_aggcat::mock;
    let server = SelfSignedServer::start();
    let client = intuit_aggcat::Client::builder()
        .consumer_key(mock::CONSUMER_KEY)
        .consumer_secret(mock::CONSUMER_SECRET)
        .saml_identity_provider_id(mock::SAML_IDENTITY_PROVIDER_ID)
        .customer_id(mock::CUSTOMER_ID)
        .private_key_pem(mock::PRIVATE_KEY_PEM)
        .base_url(server.url(mock::API_PATH))
        .token_url(server.url(mock::TOKEN_PATH))
        .build()
        .unwrap();
    let error = client.get_institutions().await.unwrap_err();
    assert_refused(Error::from(error), &server);
}
