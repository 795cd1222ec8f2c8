//! OAuth 1.0a HMAC-SHA1 request signing (with `oauth1-request`), and an independent verifier
//! for servers and tests.
//!
//! The query parameters of the URL (`txnStartDate`, `txnEndDate`, `refresh`) are part of the
//! signature base string; the XML body is not (only form bodies would be). A fresh nonce and
//! timestamp are drawn on every call, so every attempt of a request is signed anew.

use std::fmt;

use base64::Engine;
use oauth1_request as oauth;
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use secrecy::{ExposeSecret, SecretString};

/// RFC 5849 §3.6: everything but unreserved characters is percent-encoded.
const OAUTH_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a value as OAuth 1.0a (and this crate's query strings) do.
pub(crate) fn encode(value: &str) -> String {
    utf8_percent_encode(value, OAUTH_ENCODE).to_string()
}

/// The application's OAuth consumer credentials.
#[derive(Clone)]
pub(crate) struct Consumer {
    pub(crate) key: String,
    pub(crate) secret: SecretString,
}

impl fmt::Debug for Consumer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Consumer")
            .field("key", &self.key)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// An access token obtained with a SAML assertion.
#[derive(Clone)]
pub(crate) struct AccessToken {
    pub(crate) token: String,
    pub(crate) secret: SecretString,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken([redacted])")
    }
}

/// The `Authorization` header value for `method` on `url`, signing the URL's query parameters.
pub(crate) fn authorization(
    consumer: &Consumer,
    token: &AccessToken,
    method: &str,
    url: &reqwest::Url,
) -> String {
    let mut base = url.clone();
    base.set_query(None);
    base.set_fragment(None);
    let params: oauth::ParameterList<String, String> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect::<Vec<_>>()
        .into();
    let credentials = oauth::Token::from_parts(
        consumer.key.as_str(),
        consumer.secret.expose_secret(),
        token.token.as_str(),
        token.secret.expose_secret(),
    );
    let mut builder = oauth::Builder::with_token(credentials, oauth::HmacSha1::new());
    // Every client known to have worked sent oauth_version="1.0".
    builder.version(true);
    builder.authorize(method, base.as_str(), &params)
}

/// The parameters of an `Authorization: OAuth k="v", …` header, percent-decoded.
pub(crate) fn header_params(header: &str) -> Result<Vec<(String, String)>, String> {
    let params = header
        .trim()
        .strip_prefix("OAuth ")
        .ok_or("not an OAuth header")?;
    let mut pairs = Vec::new();
    for part in params.split(',') {
        let (k, v) = part.trim().split_once('=').ok_or("bad header parameter")?;
        let v = v.trim().trim_matches('"');
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        pairs.push((decode(k.trim()), decode(v)));
    }
    Ok(pairs)
}

/// What [`verify_authorization`] found in a valid header.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedRequest {
    /// `oauth_consumer_key`.
    pub consumer_key: String,
    /// `oauth_token`.
    pub token: String,
    /// `oauth_nonce`.
    pub nonce: String,
    /// `oauth_timestamp`.
    pub timestamp: String,
}

/// Recomputes the HMAC-SHA1 signature of a request from its method, URL (query included) and
/// `Authorization` header with the given secrets, as the server would; written independently
/// of `oauth1-request` so that each checks the other.
///
/// ```
/// use intuit_aggcat::oauth::verify_authorization;
///
/// // RFC 5849 §3.4.1 example, adapted: a header signed with consumer secret "kd94hf93k423kf44"
/// // and token secret "pfkkdhi9sl3r4s00".
/// let header = r#"OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_nonce="kllo9940pd9333jh", oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1191242096", oauth_token="nnch734d00sl2jdk", oauth_version="1.0""#;
/// let url = "http://photos.example.net/photos?file=vacation.jpg&size=original";
/// let verified = verify_authorization("GET", url, header, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00").unwrap();
/// assert_eq!(verified.token, "nnch734d00sl2jdk");
/// ```
pub fn verify_authorization(
    method: &str,
    url: &str,
    header: &str,
    consumer_secret: &str,
    token_secret: &str,
) -> Result<VerifiedRequest, String> {
    let url = reqwest::Url::parse(url).map_err(|e| format!("bad URL: {e}"))?;
    let oauth_params = header_params(header)?;
    let get = |name: &str| {
        oauth_params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| format!("no {name}"))
    };
    let signature = get("oauth_signature")?;
    if get("oauth_signature_method")? != "HMAC-SHA1" {
        return Err("not HMAC-SHA1".to_owned());
    }
    let mut all: Vec<(String, String)> = oauth_params
        .iter()
        .filter(|(k, _)| k != "oauth_signature" && k != "realm")
        .map(|(k, v)| (encode(k), encode(v)))
        .collect();
    all.extend(url.query_pairs().map(|(k, v)| (encode(&k), encode(&v))));
    all.sort();
    let normalized = all
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut base_uri = url.clone();
    base_uri.set_query(None);
    base_uri.set_fragment(None);
    let base_string = format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        encode(base_uri.as_str()),
        encode(&normalized)
    );
    let key = format!("{}&{}", encode(consumer_secret), encode(token_secret));
    let pkey = PKey::hmac(key.as_bytes()).map_err(|e| e.to_string())?;
    let mut signer = Signer::new(MessageDigest::sha1(), &pkey).map_err(|e| e.to_string())?;
    signer
        .update(base_string.as_bytes())
        .map_err(|e| e.to_string())?;
    let expected = base64::engine::general_purpose::STANDARD
        .encode(signer.sign_to_vec().map_err(|e| e.to_string())?);
    if expected != signature {
        return Err(format!(
            "signature mismatch over {base_string:?}: expected {expected}, got {signature}"
        ));
    }
    Ok(VerifiedRequest {
        consumer_key: get("oauth_consumer_key")?,
        token: get("oauth_token")?,
        nonce: get("oauth_nonce")?,
        timestamp: get("oauth_timestamp")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_from_oauth1_request_verify_independently() {
        let consumer = Consumer {
            key: "ck".into(),
            secret: "cs&/+".to_owned().into(),
        };
        let token = AccessToken {
            token: "tok".into(),
            secret: "ts=".to_owned().into(),
        };
        let url: reqwest::Url =
            "http://127.0.0.1:8080/v1/accounts/1/transactions?txnStartDate=2013-08-10&txnEndDate=2013-08-12"
                .parse()
                .unwrap();
        let a = authorization(&consumer, &token, "GET", &url);
        let b = authorization(&consumer, &token, "GET", &url);
        assert!(a.contains("oauth_version=\"1.0\""), "{a}");
        let va = verify_authorization("GET", url.as_str(), &a, "cs&/+", "ts=").unwrap();
        let vb = verify_authorization("GET", url.as_str(), &b, "cs&/+", "ts=").unwrap();
        assert_ne!(va.nonce, vb.nonce);
        assert_eq!((va.consumer_key.as_str(), va.token.as_str()), ("ck", "tok"));
        // The query is signed: another date fails.
        let other = url.as_str().replace("2013-08-12", "2013-08-13");
        assert!(verify_authorization("GET", &other, &a, "cs&/+", "ts=").is_err());
        assert!(verify_authorization("PUT", url.as_str(), &a, "cs&/+", "ts=").is_err());
        assert!(verify_authorization("GET", url.as_str(), &a, "cs&/+", "wrong").is_err());
        assert!(!format!("{consumer:?} {token:?}").contains("cs&"));
    }
}
