//! `InstitutionLogin` (institutionlogin/v1), the body of discovery, challenge answers and login
//! updates. It carries credentials and answers, so its `Debug` shows names only.

use std::fmt;

use yaserde::YaSerialize;

/// The wire form of a login request: credentials, or challenge answers, or neither (a refresh
/// with the stored credentials).
#[derive(Clone, Default, PartialEq, YaSerialize)]
#[yaserde(
    rename = "InstitutionLogin",
    prefix = "il",
    default_namespace = "il",
    namespaces = { "il" = "http://schema.intuit.com/platform/fdatafeed/institutionlogin/v1" }
)]
pub(crate) struct InstitutionLogin {
    #[yaserde(rename = "credentials", prefix = "il")]
    pub(crate) credentials: Option<CredentialsXml>,
    #[yaserde(rename = "challengeResponses", prefix = "il")]
    pub(crate) challenge_responses: Option<ChallengeResponses>,
}

#[derive(Clone, Default, PartialEq, YaSerialize)]
#[yaserde(
    rename = "credentials",
    prefix = "il",
    default_namespace = "il",
    namespaces = { "il" = "http://schema.intuit.com/platform/fdatafeed/institutionlogin/v1" }
)]
pub(crate) struct CredentialsXml {
    #[yaserde(rename = "credential", prefix = "il")]
    pub(crate) credential: Vec<CredentialXml>,
}

#[derive(Clone, Default, PartialEq, YaSerialize)]
#[yaserde(
    rename = "credential",
    prefix = "il",
    default_namespace = "il",
    namespaces = { "il" = "http://schema.intuit.com/platform/fdatafeed/institutionlogin/v1" }
)]
pub(crate) struct CredentialXml {
    #[yaserde(rename = "name", prefix = "il")]
    pub(crate) name: String,
    #[yaserde(rename = "value", prefix = "il")]
    pub(crate) value: String,
}

#[derive(Clone, Default, PartialEq, YaSerialize)]
#[yaserde(
    rename = "challengeResponses",
    prefix = "il",
    default_namespace = "il",
    namespaces = { "il" = "http://schema.intuit.com/platform/fdatafeed/institutionlogin/v1" }
)]
pub(crate) struct ChallengeResponses {
    // Serialized unprefixed, each response declaring challenge/v1 as its default namespace.
    #[yaserde(rename = "response", prefix = "il")]
    pub(crate) response: Vec<ChallengeResponse>,
}

/// One answer; in challenge/v1, declared as the default namespace on the element itself.
#[derive(Clone, Default, PartialEq, YaSerialize)]
#[yaserde(
    rename = "response",
    prefix = "ch",
    default_namespace = "ch",
    namespaces = { "ch" = "http://schema.intuit.com/platform/fdatafeed/challenge/v1" }
)]
pub(crate) struct ChallengeResponse {
    #[yaserde(text = true)]
    pub(crate) answer: String,
}

impl fmt::Debug for InstitutionLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Option<Vec<&str>> = self
            .credentials
            .as_ref()
            .map(|c| c.credential.iter().map(|c| c.name.as_str()).collect());
        f.debug_struct("InstitutionLogin")
            .field("credential_names", &names)
            .field(
                "challenge_responses",
                &self
                    .challenge_responses
                    .as_ref()
                    .map(|r| format!("[{} redacted]", r.response.len())),
            )
            .finish()
    }
}

macro_rules! redacted_debug {
    ($($name:ident),*) => {$(
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    )*};
}
redacted_debug!(
    CredentialsXml,
    CredentialXml,
    ChallengeResponses,
    ChallengeResponse
);

impl InstitutionLogin {
    /// The request body: no XML declaration, no whitespace.
    pub(crate) fn to_xml(&self) -> Result<String, String> {
        let config = yaserde::ser::Config {
            perform_indent: false,
            write_document_declaration: false,
            indent_string: None,
        };
        let mut xml =
            yaserde::ser::to_string_with_config(self, &config).map_err(|e| e.to_string())?;
        // xml-rs pads self-closing tags (`<a />`); write the compact form of the empty login.
        if xml.ends_with("\" />") {
            xml.truncate(xml.len() - 3);
            xml.push_str("/>");
        }
        Ok(xml)
    }
}

/// The decoding side of [`InstitutionLogin`], for the mock server: matches `response` in
/// challenge/v1, where clients put it.
#[cfg(feature = "mock")]
#[derive(Clone, Default, PartialEq, yaserde::YaDeserialize)]
#[yaserde(
    rename = "InstitutionLogin",
    prefix = "il",
    namespaces = {
        "il" = "http://schema.intuit.com/platform/fdatafeed/institutionlogin/v1",
        "ch" = "http://schema.intuit.com/platform/fdatafeed/challenge/v1"
    }
)]
pub(crate) struct ReceivedLogin {
    #[yaserde(rename = "credentials", prefix = "il")]
    pub(crate) credentials: Option<ReceivedCredentials>,
    #[yaserde(rename = "challengeResponses", prefix = "il")]
    pub(crate) challenge_responses: Option<ReceivedResponses>,
}

#[cfg(feature = "mock")]
#[derive(Clone, Default, PartialEq, yaserde::YaDeserialize)]
#[yaserde(
    rename = "credentials",
    prefix = "il",
    namespaces = { "il" = "http://schema.intuit.com/platform/fdatafeed/institutionlogin/v1" }
)]
pub(crate) struct ReceivedCredentials {
    #[yaserde(rename = "credential", prefix = "il")]
    pub(crate) credential: Vec<ReceivedCredential>,
}

#[cfg(feature = "mock")]
#[derive(Clone, Default, PartialEq, yaserde::YaDeserialize)]
#[yaserde(
    rename = "credential",
    prefix = "il",
    namespaces = { "il" = "http://schema.intuit.com/platform/fdatafeed/institutionlogin/v1" }
)]
pub(crate) struct ReceivedCredential {
    #[yaserde(rename = "name", prefix = "il")]
    pub(crate) name: String,
    #[yaserde(rename = "value", prefix = "il")]
    pub(crate) value: String,
}

#[cfg(feature = "mock")]
#[derive(Clone, Default, PartialEq, yaserde::YaDeserialize)]
#[yaserde(
    rename = "challengeResponses",
    prefix = "il",
    namespaces = {
        "il" = "http://schema.intuit.com/platform/fdatafeed/institutionlogin/v1",
        "ch" = "http://schema.intuit.com/platform/fdatafeed/challenge/v1"
    }
)]
pub(crate) struct ReceivedResponses {
    #[yaserde(rename = "response", prefix = "ch")]
    pub(crate) response: Vec<String>,
}

#[cfg(feature = "mock")]
macro_rules! redacted_debug_received {
    ($($name:ident),*) => {$(
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    )*};
}
#[cfg(feature = "mock")]
redacted_debug_received!(
    ReceivedLogin,
    ReceivedCredentials,
    ReceivedCredential,
    ReceivedResponses
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_requests_print_no_values() {
        let login = InstitutionLogin {
            credentials: Some(CredentialsXml {
                credential: vec![CredentialXml {
                    name: "Banking Password".into(),
                    value: "hunter2".into(),
                }],
            }),
            challenge_responses: Some(ChallengeResponses {
                response: vec![ChallengeResponse {
                    answer: "Black Cat".into(),
                }],
            }),
        };
        let debug = format!("{login:?} {:?}", login.credentials);
        assert!(debug.contains("Banking Password"), "{debug}");
        assert!(
            !debug.contains("hunter2") && !debug.contains("Black Cat"),
            "{debug}"
        );
    }

    #[test]
    fn values_are_escaped() {
        let login = InstitutionLogin {
            credentials: Some(CredentialsXml {
                credential: vec![CredentialXml {
                    name: "Banking Password".into(),
                    value: "a&b<c>".into(),
                }],
            }),
            challenge_responses: None,
        };
        assert!(login
            .to_xml()
            .unwrap()
            .contains("<value>a&amp;b&lt;c&gt;</value>"));
    }
}
