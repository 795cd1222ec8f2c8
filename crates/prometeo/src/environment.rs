//! Which Prometeo deployment a client talks to.

/// A Prometeo banking deployment.
///
/// The sandbox serves mock banks (provider `test`); its API key only works there. Production is
/// on a **.net** domain, sandbox and beta on **.com**.
///
/// ```
/// use prometeo::Environment;
///
/// assert_eq!(Environment::Sandbox.base_url(), "https://banking.sandbox.prometeoapi.com");
/// assert_eq!(Environment::Production.base_url(), "https://banking.prometeoapi.net");
/// let local = Environment::Custom("http://127.0.0.1:8080/".into());
/// assert_eq!(local.base_url(), "http://127.0.0.1:8080");
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Environment {
    /// `https://banking.sandbox.prometeoapi.com`: mock banks, the default (as in the official client).
    #[default]
    Sandbox,
    /// `https://banking.beta.prometeoapi.com`.
    Beta,
    /// `https://banking.prometeoapi.net`.
    Production,
    /// Any other base URL (a mock server, a proxy), without trailing slash or with it.
    Custom(String),
}

impl Environment {
    /// The base URL, without trailing slash.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Sandbox => "https://banking.sandbox.prometeoapi.com",
            Environment::Beta => "https://banking.beta.prometeoapi.com",
            Environment::Production => "https://banking.prometeoapi.net",
            Environment::Custom(url) => url.trim_end_matches('/'),
        }
    }
}
