//! The SAML signer against the known-answer vectors in `fixtures/intuit/saml/`.

use bankapi_testkit::{fixture_bytes, fixture_json, fixture_string};
use chrono::{DateTime, Utc};
use intuit_aggcat::saml::{verify, Assertion, PrivateKey};

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn assertion_from(vector: &serde_json::Value) -> Assertion {
    let s = |k: &str| vector[k].as_str().unwrap().to_owned();
    let assertion = Assertion::at(
        s("assertion_id"),
        s("issuer"),
        s("customer_id"),
        instant(&s("issue_instant")),
    );
    // The window must follow from the instant (-5 min / +10 min), as the vectors say.
    let expected = assertion
        .clone()
        .with_validity(instant(&s("not_before")), instant(&s("not_on_or_after")));
    assert_eq!(assertion, expected);
    assertion
}

#[test]
fn derived_vector_is_reproduced_byte_for_byte() {
    let vector = fixture_json("intuit/saml/derived_kat_python-aggcat-key_inputs_and_outputs.json");
    let assertion = assertion_from(&vector);
    assert_eq!(
        assertion.canonical(),
        fixture_string(
            "intuit/saml/derived_kat_python-aggcat-key_unsigned_canonical_assertion.xml"
        )
    );
    assert_eq!(
        assertion.digest_value(),
        vector["digest_value"].as_str().unwrap()
    );
    assert_eq!(
        assertion.canonical_signed_info(vector["digest_value"].as_str().unwrap()),
        fixture_string("intuit/saml/derived_kat_python-aggcat-key_canonical_signedinfo.xml")
    );

    let key = PrivateKey::from_pem(&fixture_bytes("intuit/keys/python-aggcat_test.key")).unwrap();
    let signed = assertion.sign(&key).unwrap();
    assert_eq!(
        signed.digest_value(),
        vector["digest_value"].as_str().unwrap()
    );
    assert_eq!(
        signed.signature_value(),
        vector["signature_value"].as_str().unwrap()
    );
    assert_eq!(
        signed.xml(),
        fixture_string("intuit/saml/derived_kat_python-aggcat-key_signed_assertion.xml")
    );
    assert_eq!(
        signed.base64(),
        fixture_string("intuit/saml/derived_kat_python-aggcat-key_saml_assertion.b64").trim()
    );
    assert_eq!(
        signed.token_request_body(),
        fixture_string("intuit/saml/derived_kat_python-aggcat-key_token_request_body.form").trim()
    );
    // Debug shows neither the document nor the signature.
    let debug = format!("{signed:?} {key:?}");
    assert!(!debug.contains(signed.signature_value()), "{debug}");
    assert!(!debug.contains("MII"), "{debug}");
}

#[test]
fn intuit_ids_golden_vector_verifies_with_its_certificate() {
    let vector = fixture_json("intuit/saml/intuit_ids_aggcat_golden_inputs_and_outputs.json");
    let assertion = assertion_from(&vector);
    let digest = vector["digest_value"].as_str().unwrap();
    assert_eq!(assertion.digest_value(), digest);

    // The private key was never published: verify its signature over our SignedInfo bytes.
    let cert = fixture_bytes("intuit/keys/intuit_ids_aggcat_test.crt");
    let golden = fixture_string("intuit/saml/intuit_ids_aggcat_golden_signed_assertion.xml");
    let base64 = base64_of(golden.as_bytes());
    let verified = verify(&base64, &cert).expect("the golden assertion verifies");
    assert_eq!(verified.id, "_6bf0554689ee4ec18cf7e90c438cb147");
    assert_eq!(verified.issuer, "rails_test_id");
    assert_eq!(verified.customer_id, "test");
    assert_eq!(verified.audience, "rails_test_id");
    assert!(golden.contains(vector["signature_value"].as_str().unwrap()));

    // One changed byte in the signed content must fail verification.
    let tampered = golden.replace(">test</saml2:NameID>", ">tesT</saml2:NameID>");
    assert!(verify(&base64_of(tampered.as_bytes()), &cert).is_err());
}

#[test]
fn signed_info_template_matches_the_intuit_ids_expectation() {
    // intuit_ids_aggcat's second expectation: SignedInfo for ID "123" and digest "test", written
    // with self-closing tags; its canonical form only differs by explicit end tags.
    let expected =
        fixture_string("intuit/saml/intuit_ids_aggcat_signed_info_id123_digest_test.xml");
    let ours = Assertion::at("123", "x", "y", Utc::now()).canonical_signed_info("test");
    let mut collapsed = ours.clone();
    for name in [
        "CanonicalizationMethod",
        "SignatureMethod",
        "Transform",
        "DigestMethod",
    ] {
        collapsed = collapsed.replace(&format!("\"></ds:{name}>"), "\"/>");
    }
    assert_eq!(collapsed, expected.trim());
    assert!(ours.contains("</ds:DigestMethod><ds:DigestValue>test</ds:DigestValue>"));
}

#[test]
fn fresh_assertions_differ_and_verify() {
    let key = PrivateKey::from_pem(&fixture_bytes(
        "intuit/keys/britztopher-intuit-cad_testapp1.key",
    ))
    .unwrap();
    let cert = fixture_bytes("intuit/keys/britztopher-intuit-cad_testapp1.crt");
    let a = Assertion::new("app.1.intuit.ipp.dev", "cust & <co>")
        .sign(&key)
        .unwrap();
    let b = Assertion::new("app.1.intuit.ipp.dev", "cust & <co>")
        .sign(&key)
        .unwrap();
    assert_ne!(a.xml(), b.xml());
    assert!(a.xml().contains(">cust &amp; &lt;co&gt;</saml2:NameID>"));
    let verified = verify(&a.base64(), &cert).unwrap();
    assert_eq!(verified.customer_id, "cust & <co>");
    assert!(verified.id.starts_with('_') && verified.id.len() == 33);
    // Signed with another key: the certificate does not match.
    let other =
        PrivateKey::from_pem(&fixture_bytes("intuit/keys/cloocher-aggcat_cert.key")).unwrap();
    let c = Assertion::new("app.1.intuit.ipp.dev", "42")
        .sign(&other)
        .unwrap();
    assert!(verify(&c.base64(), &cert)
        .unwrap_err()
        .contains("does not verify"));
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
