//! The SAML 2.0 bearer assertion Intuit exchanges for an OAuth 1.0a access token.
//!
//! OpenSSL has no XML canonicalization, and none is needed: the assertion and its `SignedInfo`
//! are written directly in exclusive-c14n form (fixed element and attribute order, no
//! whitespace, explicit end tags, c14n escaping of the variable values). The digest is SHA-1
//! over the unsigned canonical assertion, the signature RSASSA-PKCS1-v1_5 with SHA-1 over the
//! canonical `SignedInfo`; the `Signature` element then goes right after `Issuer`.
//!
//! ```
//! use intuit_aggcat::saml::{Assertion, PrivateKey};
//!
//! # let pem = std::fs::read(bankapi_testkit::fixture_path("intuit/keys/python-aggcat_test.key")).unwrap();
//! let key = PrivateKey::from_pem(&pem)?;
//! let assertion = Assertion::new("myapp.12345.intuit.ipp.prod", "customer-42");
//! let signed = assertion.sign(&key)?;
//! assert!(signed.xml().contains("<saml2:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified\">customer-42</saml2:NameID>"));
//! assert!(signed.token_request_body().starts_with("saml_assertion="));
//! # Ok::<_, intuit_aggcat::Error>(())
//! ```

use std::fmt;

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::sign::{Signer, Verifier};
use openssl::x509::X509;

use crate::error::Error;

const SAML_NS: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const RSA_SHA1: &str = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const SHA1: &str = "http://www.w3.org/2000/09/xmldsig#sha1";
const NAMEID_UNSPECIFIED: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
const BEARER: &str = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
const AUTHN_UNSPECIFIED: &str = "urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified";

/// How long before "now" the assertion becomes valid (clock skew tolerance, as Intuit's devkit).
pub const NOT_BEFORE_SKEW: Duration = Duration::minutes(5);
/// How long after "now" the assertion stays valid (as Intuit's devkit).
pub const LIFETIME: Duration = Duration::minutes(10);

/// The RSA private key whose certificate was uploaded to the Intuit application.
///
/// PEM, PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`, or encrypted with a
/// passphrase). Its `Debug` prints nothing of the key.
#[derive(Clone)]
pub struct PrivateKey(PKey<Private>);

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey(RSA-{}, [redacted])", self.0.bits())
    }
}

impl PrivateKey {
    /// Reads an unencrypted PEM key (PKCS#1 or PKCS#8).
    pub fn from_pem(pem: &[u8]) -> Result<Self, Error> {
        PKey::private_key_from_pem(pem)
            .map(PrivateKey)
            .map_err(|_| Error::invalid_request("the private key is not a readable PEM key"))
            .and_then(PrivateKey::check_rsa)
    }

    /// Reads a PEM key encrypted with `passphrase`.
    pub fn from_pem_with_passphrase(pem: &[u8], passphrase: &[u8]) -> Result<Self, Error> {
        PKey::private_key_from_pem_passphrase(pem, passphrase)
            .map(PrivateKey)
            .map_err(|_| {
                Error::invalid_request("the private key cannot be read with this passphrase")
            })
            .and_then(PrivateKey::check_rsa)
    }

    fn check_rsa(self) -> Result<Self, Error> {
        if self.0.rsa().is_ok() {
            Ok(self)
        } else {
            Err(Error::invalid_request("the private key is not an RSA key"))
        }
    }

    /// RSASSA-PKCS1-v1_5 with SHA-1 over `data`.
    fn sign_sha1(&self, data: &[u8]) -> Result<Vec<u8>, Error> {
        let sign = || -> Result<Vec<u8>, openssl::error::ErrorStack> {
            let mut signer = Signer::new(MessageDigest::sha1(), &self.0)?;
            signer.update(data)?;
            signer.sign_to_vec()
        };
        // A system crypto policy may forbid SHA-1 signatures; the protocol cannot change.
        sign().map_err(|e| {
            Error::invalid_request(format!(
                "RSA-SHA1 signing failed (is SHA-1 disabled by the system crypto policy?): {e}"
            ))
        })
    }
}

/// The content of an assertion: who asks (issuer = the SAML identity provider id, also the
/// audience), for which customer (the NameID), and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    id: String,
    issuer: String,
    name_id: String,
    issue_instant: DateTime<Utc>,
    not_before: DateTime<Utc>,
    not_on_or_after: DateTime<Utc>,
}

impl Assertion {
    /// An assertion issued now, valid from 5 minutes ago to 10 minutes from now, with a fresh
    /// random id (`_` + 32 hex digits).
    pub fn new(issuer: impl Into<String>, customer_id: impl Into<String>) -> Self {
        let id = format!("_{:032x}", rand::random::<u128>());
        Assertion::at(id, issuer, customer_id, Utc::now())
    }

    /// An assertion with a chosen id and issue instant (the validity window follows from it).
    pub fn at(
        id: impl Into<String>,
        issuer: impl Into<String>,
        customer_id: impl Into<String>,
        issue_instant: DateTime<Utc>,
    ) -> Self {
        Assertion {
            id: id.into(),
            issuer: issuer.into(),
            name_id: customer_id.into(),
            issue_instant,
            not_before: issue_instant - NOT_BEFORE_SKEW,
            not_on_or_after: issue_instant + LIFETIME,
        }
    }

    /// Overrides the validity window.
    pub fn with_validity(
        mut self,
        not_before: DateTime<Utc>,
        not_on_or_after: DateTime<Utc>,
    ) -> Self {
        self.not_before = not_before;
        self.not_on_or_after = not_on_or_after;
        self
    }

    /// The assertion id (also its `SessionIndex`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// When the assertion stops being valid.
    pub fn not_on_or_after(&self) -> DateTime<Utc> {
        self.not_on_or_after
    }

    /// The assertion without signature, in exclusive-c14n form: the bytes that are digested.
    pub fn canonical(&self) -> String {
        self.render(None)
    }

    /// The `SignedInfo` for a digest, in exclusive-c14n form: the bytes that are signed.
    pub fn canonical_signed_info(&self, digest_value: &str) -> String {
        signed_info(&self.id, digest_value, true)
    }

    /// SHA-1 digest of the canonical assertion, base64.
    pub fn digest_value(&self) -> String {
        base64_std(&openssl::sha::sha1(self.canonical().as_bytes()))
    }

    /// Signs the assertion with `key`.
    pub fn sign(&self, key: &PrivateKey) -> Result<SignedAssertion, Error> {
        let digest_value = self.digest_value();
        let signed_info = self.canonical_signed_info(&digest_value);
        let signature_value = base64_std(&key.sign_sha1(signed_info.as_bytes())?);
        let signature = format!(
            "<ds:Signature xmlns:ds=\"{DS_NS}\">{}<ds:SignatureValue>{signature_value}</ds:SignatureValue></ds:Signature>",
            signed_info_in_document(&self.id, &digest_value)
        );
        Ok(SignedAssertion {
            xml: self.render(Some(&signature)),
            digest_value,
            signature_value,
            not_on_or_after: self.not_on_or_after,
        })
    }

    fn render(&self, signature: Option<&str>) -> String {
        let mut out = String::with_capacity(1900);
        out.push_str("<saml2:Assertion xmlns:saml2=\"");
        out.push_str(SAML_NS);
        out.push_str("\" ID=\"");
        escape_attr(&mut out, &self.id);
        out.push_str("\" IssueInstant=\"");
        out.push_str(&instant(self.issue_instant));
        out.push_str("\" Version=\"2.0\"><saml2:Issuer>");
        escape_text(&mut out, &self.issuer);
        out.push_str("</saml2:Issuer>");
        if let Some(signature) = signature {
            out.push_str(signature);
        }
        out.push_str("<saml2:Subject><saml2:NameID Format=\"");
        out.push_str(NAMEID_UNSPECIFIED);
        out.push_str("\">");
        escape_text(&mut out, &self.name_id);
        out.push_str("</saml2:NameID><saml2:SubjectConfirmation Method=\"");
        out.push_str(BEARER);
        out.push_str(
            "\"></saml2:SubjectConfirmation></saml2:Subject><saml2:Conditions NotBefore=\"",
        );
        out.push_str(&instant(self.not_before));
        out.push_str("\" NotOnOrAfter=\"");
        out.push_str(&instant(self.not_on_or_after));
        out.push_str("\"><saml2:AudienceRestriction><saml2:Audience>");
        escape_text(&mut out, &self.issuer);
        out.push_str("</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions><saml2:AuthnStatement AuthnInstant=\"");
        out.push_str(&instant(self.issue_instant));
        out.push_str("\" SessionIndex=\"");
        escape_attr(&mut out, &self.id);
        out.push_str("\"><saml2:AuthnContext><saml2:AuthnContextClassRef>");
        out.push_str(AUTHN_UNSPECIFIED);
        out.push_str("</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement></saml2:Assertion>");
        out
    }
}

/// A signed assertion, ready to post to the token endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedAssertion {
    xml: String,
    digest_value: String,
    signature_value: String,
    not_on_or_after: DateTime<Utc>,
}

impl fmt::Debug for SignedAssertion {
    // A bearer assertion is a credential for its validity window: print only its digest.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedAssertion")
            .field("digest_value", &self.digest_value)
            .field("not_on_or_after", &self.not_on_or_after)
            .finish_non_exhaustive()
    }
}

impl SignedAssertion {
    /// The signed assertion document (no XML declaration, no whitespace).
    pub fn xml(&self) -> &str {
        &self.xml
    }

    /// The `DigestValue`.
    pub fn digest_value(&self) -> &str {
        &self.digest_value
    }

    /// The `SignatureValue`.
    pub fn signature_value(&self) -> &str {
        &self.signature_value
    }

    /// The document in standard base64, one line.
    pub fn base64(&self) -> String {
        base64_std(self.xml.as_bytes())
    }

    /// The token request body: `saml_assertion=<base64, form-encoded>`.
    pub fn token_request_body(&self) -> String {
        let encoded = self.base64();
        let mut body = String::with_capacity(encoded.len() + 64);
        body.push_str("saml_assertion=");
        // Form encoding of base64 text: only `+`, `/` and `=` need escaping.
        for c in encoded.chars() {
            match c {
                '+' => body.push_str("%2B"),
                '/' => body.push_str("%2F"),
                '=' => body.push_str("%3D"),
                c => body.push(c),
            }
        }
        body
    }

    /// The body with URL-safe base64 without padding, unescaped (what Intuit's Java devkit
    /// sent); an alternative for servers that refuse the standard form.
    pub fn token_request_body_url_safe(&self) -> String {
        format!(
            "saml_assertion={}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.xml.as_bytes())
        )
    }
}

fn base64_std(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn instant(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// `SignedInfo` in c14n form (own `xmlns:ds`, explicit end tags), or as written inside the
/// document (`xmlns:ds` inherited from `Signature`, self-closing empty elements).
fn signed_info(id: &str, digest_value: &str, canonical: bool) -> String {
    let (open, empty_end) = if canonical {
        (format!("<ds:SignedInfo xmlns:ds=\"{DS_NS}\">"), true)
    } else {
        ("<ds:SignedInfo>".to_owned(), false)
    };
    let empty = |name: &str, algorithm: &str| {
        if empty_end {
            format!("<ds:{name} Algorithm=\"{algorithm}\"></ds:{name}>")
        } else {
            format!("<ds:{name} Algorithm=\"{algorithm}\"/>")
        }
    };
    let mut reference_uri = String::from("#");
    escape_attr(&mut reference_uri, id);
    let mut digest = String::new();
    escape_text(&mut digest, digest_value);
    format!(
        "{open}{}{}<ds:Reference URI=\"{reference_uri}\"><ds:Transforms>{}{}</ds:Transforms>{}<ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>",
        empty("CanonicalizationMethod", EXC_C14N),
        empty("SignatureMethod", RSA_SHA1),
        empty("Transform", ENVELOPED),
        empty("Transform", EXC_C14N),
        empty("DigestMethod", SHA1),
    )
}

fn signed_info_in_document(id: &str, digest_value: &str) -> String {
    signed_info(id, digest_value, false)
}

/// c14n text escaping.
fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

/// c14n attribute value escaping.
fn escape_attr(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

/// What a verified assertion says.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedAssertion {
    /// The assertion id.
    pub id: String,
    /// The issuer (SAML identity provider id).
    pub issuer: String,
    /// The audience.
    pub audience: String,
    /// The NameID: the customer id.
    pub customer_id: String,
    /// The issue instant, as written.
    pub issue_instant: String,
    /// Start of validity, as written.
    pub not_before: String,
    /// End of validity, as written.
    pub not_on_or_after: String,
}

/// Checks a base64 signed assertion the way a token endpoint would: the XML is parsed, the
/// canonical form is rebuilt from what it says and must be exactly what was sent (minus the
/// signature), its SHA-1 must equal the `DigestValue`, and the `SignatureValue` must verify over
/// the canonical `SignedInfo` with the certificate's public key. Used by the mock server.
///
/// ```
/// use intuit_aggcat::saml::{verify, Assertion, PrivateKey};
///
/// # let pem = std::fs::read(bankapi_testkit::fixture_path("intuit/keys/python-aggcat_test.key")).unwrap();
/// # let cert = std::fs::read(bankapi_testkit::fixture_path("intuit/keys/python-aggcat_test.crt")).unwrap();
/// let signed = Assertion::new("issuer.id", "42").sign(&PrivateKey::from_pem(&pem)?)?;
/// let verified = verify(&signed.base64(), &cert).expect("valid");
/// assert_eq!((verified.customer_id.as_str(), verified.audience.as_str()), ("42", "issuer.id"));
/// # Ok::<_, intuit_aggcat::Error>(())
/// ```
pub fn verify(assertion_base64: &str, certificate_pem: &[u8]) -> Result<VerifiedAssertion, String> {
    let engine = base64::engine::general_purpose::STANDARD;
    let compact: String = assertion_base64.split_whitespace().collect();
    let bytes = engine
        .decode(compact.as_bytes())
        .or_else(|_| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(compact.trim_end_matches('='))
        })
        .map_err(|e| format!("not base64: {e}"))?;
    let document = String::from_utf8(bytes).map_err(|_| "not UTF-8".to_owned())?;
    let fields = read_fields(&document)?;
    let assertion = Assertion {
        id: fields.id.clone(),
        issuer: fields.issuer.clone(),
        name_id: fields.customer_id.clone(),
        issue_instant: parse_instant(&fields.issue_instant)?,
        not_before: parse_instant(&fields.not_before)?,
        not_on_or_after: parse_instant(&fields.not_on_or_after)?,
    };
    // The document without its Signature must be the canonical form (no declaration, no
    // whitespace, nothing added) for the digest to be meaningful.
    let start = document
        .find("<ds:Signature")
        .ok_or("no ds:Signature element")?;
    let end = document
        .find("</ds:Signature>")
        .ok_or("no ds:Signature end")?
        + "</ds:Signature>".len();
    let unsigned = format!("{}{}", &document[..start], &document[end..]);
    let unsigned = unsigned.trim_end();
    let unsigned = match unsigned.strip_prefix("<?xml") {
        Some(rest) => &rest[rest.find("?>").ok_or("bad XML declaration")? + 2..],
        None => unsigned,
    };
    let canonical = assertion.canonical();
    let reexpanded = unsigned.replace(
        &format!("<saml2:SubjectConfirmation Method=\"{BEARER}\"/>"),
        &format!("<saml2:SubjectConfirmation Method=\"{BEARER}\"></saml2:SubjectConfirmation>"),
    );
    if reexpanded != canonical {
        return Err("the assertion is not in the expected canonical form".to_owned());
    }
    let digest = base64_std(&openssl::sha::sha1(canonical.as_bytes()));
    if digest != fields.digest_value {
        return Err(format!(
            "digest mismatch: computed {digest}, sent {}",
            fields.digest_value
        ));
    }
    let signed_info = assertion.canonical_signed_info(&digest);
    let signature = engine
        .decode(
            fields
                .signature_value
                .split_whitespace()
                .collect::<String>(),
        )
        .map_err(|e| format!("signature not base64: {e}"))?;
    let cert = X509::from_pem(certificate_pem).map_err(|e| format!("bad certificate: {e}"))?;
    let public = cert.public_key().map_err(|e| e.to_string())?;
    let mut verifier = Verifier::new(MessageDigest::sha1(), &public).map_err(|e| e.to_string())?;
    verifier
        .update(signed_info.as_bytes())
        .map_err(|e| e.to_string())?;
    if !verifier.verify(&signature).map_err(|e| e.to_string())? {
        return Err("the signature does not verify with the certificate".to_owned());
    }
    Ok(VerifiedAssertion {
        id: fields.id,
        audience: fields.audience,
        issuer: fields.issuer,
        customer_id: fields.customer_id,
        issue_instant: fields.issue_instant,
        not_before: fields.not_before,
        not_on_or_after: fields.not_on_or_after,
    })
}

#[derive(Default)]
struct Fields {
    id: String,
    issue_instant: String,
    issuer: String,
    customer_id: String,
    audience: String,
    not_before: String,
    not_on_or_after: String,
    digest_value: String,
    signature_value: String,
}

fn read_fields(document: &str) -> Result<Fields, String> {
    use yaserde::__xml::reader::{EventReader, XmlEvent};
    let mut fields = Fields::default();
    let mut current = String::new();
    let mut text = String::new();
    for event in EventReader::new(document.as_bytes()) {
        match event.map_err(|e| format!("not XML: {e}"))? {
            XmlEvent::StartElement {
                name, attributes, ..
            } => {
                let attr = |n: &str| {
                    attributes
                        .iter()
                        .find(|a| a.name.local_name == n)
                        .map(|a| a.value.clone())
                        .unwrap_or_default()
                };
                match (name.namespace.as_deref(), name.local_name.as_str()) {
                    (Some(SAML_NS), "Assertion") => {
                        fields.id = attr("ID");
                        fields.issue_instant = attr("IssueInstant");
                    }
                    (Some(SAML_NS), "Conditions") => {
                        fields.not_before = attr("NotBefore");
                        fields.not_on_or_after = attr("NotOnOrAfter");
                    }
                    _ => {}
                }
                current = format!("{}|{}", name.namespace.unwrap_or_default(), name.local_name);
                text.clear();
            }
            XmlEvent::Characters(t) => text.push_str(&t),
            XmlEvent::EndElement { .. } => {
                let value = std::mem::take(&mut text);
                match current.as_str() {
                    c if c == format!("{SAML_NS}|Issuer") => fields.issuer = value,
                    c if c == format!("{SAML_NS}|NameID") => fields.customer_id = value,
                    c if c == format!("{SAML_NS}|Audience") => fields.audience = value,
                    c if c == format!("{DS_NS}|DigestValue") => fields.digest_value = value,
                    c if c == format!("{DS_NS}|SignatureValue") => fields.signature_value = value,
                    _ => {}
                }
                current.clear();
            }
            _ => {}
        }
    }
    if fields.id.is_empty() || fields.digest_value.is_empty() {
        return Err("not a signed SAML assertion".to_owned());
    }
    Ok(fields)
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("bad instant {text:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python_key() -> Vec<u8> {
        bankapi_testkit::fixture_bytes("intuit/keys/python-aggcat_test.key")
    }

    #[test]
    fn pkcs8_and_encrypted_keys_sign_like_pkcs1() {
        let pkey = PKey::private_key_from_pem(&python_key()).unwrap();
        let pkcs8 = pkey.private_key_to_pem_pkcs8().unwrap();
        let encrypted = pkey
            .private_key_to_pem_pkcs8_passphrase(openssl::symm::Cipher::aes_128_cbc(), b"secret")
            .unwrap();
        assert!(String::from_utf8_lossy(&pkcs8).contains("BEGIN PRIVATE KEY"));
        let at = DateTime::parse_from_rfc3339("2013-08-12T03:15:42Z")
            .unwrap()
            .with_timezone(&Utc);
        let assertion = Assertion::at("_1", "issuer", "customer", at);
        let a = assertion
            .sign(&PrivateKey::from_pem(&python_key()).unwrap())
            .unwrap();
        let b = assertion
            .sign(&PrivateKey::from_pem(&pkcs8).unwrap())
            .unwrap();
        let c = assertion
            .sign(&PrivateKey::from_pem_with_passphrase(&encrypted, b"secret").unwrap())
            .unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert!(PrivateKey::from_pem_with_passphrase(&encrypted, b"wrong").is_err());
        assert!(PrivateKey::from_pem(b"not a key").is_err());
    }

    #[test]
    fn values_are_escaped_as_c14n_requires() {
        let mut text = String::new();
        escape_text(&mut text, "a&b<c>d\r\"e");
        assert_eq!(text, "a&amp;b&lt;c&gt;d&#xD;\"e");
        let mut attr = String::new();
        escape_attr(&mut attr, "a&b<c>\"\t\n\r");
        assert_eq!(attr, "a&amp;b&lt;c>&quot;&#x9;&#xA;&#xD;");
    }

    #[test]
    fn url_safe_body_has_no_escapes() {
        let key = PrivateKey::from_pem(&python_key()).unwrap();
        let signed = Assertion::new("i", "c").sign(&key).unwrap();
        let body = signed.token_request_body_url_safe();
        assert!(!body.contains('%') && !body[15..].contains('='));
        assert!(verify(&body["saml_assertion=".len()..], b"").is_err());
    }
}
