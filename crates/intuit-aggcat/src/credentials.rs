//! Login credentials and the fields a login form needs.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;
use crate::models::Key;

/// One input of an institution's login form, from its [`Key`].
///
/// ```
/// use intuit_aggcat::models::InstitutionDetail;
///
/// # let body = std::fs::read(bankapi_testkit::fixture_path("intuit/cloocher-aggcat/resp_200_institution_detail_100000.xml")).unwrap();
/// let detail = InstitutionDetail::from_xml(&body)?;
/// for field in detail.credential_fields() {
///     let kind = if field.mask { "password" } else { "text" };
///     println!(r#"<input type="{kind}" name="{}" maxlength="{}">"#, field.name, field.value_length_max.unwrap_or(100));
/// }
/// # Ok::<_, intuit_aggcat::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CredentialField {
    /// The key name: the `name` to send with the value.
    pub name: String,
    /// Label.
    pub description: Option<String>,
    /// Instructions to show beside the input.
    pub instructions: Option<String>,
    /// Position in the form.
    pub display_order: i32,
    /// Whether the value is secret (a password input).
    pub mask: bool,
    /// Shortest accepted value.
    pub value_length_min: Option<u32>,
    /// Longest accepted value.
    pub value_length_max: Option<u32>,
    /// Status (e.g. `Active`).
    pub status: Option<String>,
}

impl CredentialField {
    pub(crate) fn from_key(key: &Key) -> Self {
        CredentialField {
            name: key.name.clone(),
            description: key.description.clone(),
            instructions: key.instructions.clone(),
            display_order: key.display_order.unwrap_or(i32::MAX),
            mask: key.mask.unwrap_or(false),
            value_length_min: key.value_length_min,
            value_length_max: key.value_length_max,
            status: key.status.clone(),
        }
    }
}

/// The values a user typed into an institution's login form, by key name, in order. Values are
/// secret: `Debug` shows the names only.
///
/// ```
/// use intuit_aggcat::Credentials;
///
/// let credentials = Credentials::new()
///     .with("Banking Userid", "direct")
///     .with("Banking Password", "anyvalue");
/// assert_eq!(
///     format!("{credentials:?}"),
///     r#"Credentials { names: ["Banking Userid", "Banking Password"], values: "[redacted]" }"#
/// );
/// ```
#[derive(Clone, Default)]
pub struct Credentials(Vec<(String, SecretString)>);

impl Credentials {
    /// No credentials yet.
    pub fn new() -> Self {
        Credentials::default()
    }

    /// Adds a value for the key `name` (as in [`CredentialField::name`]).
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.push((name.into(), SecretString::from(value.into())));
        self
    }

    /// The key names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }

    /// Checks the credentials against the login form: every field filled, no unknown name, each
    /// value within the field's length limits. Nothing is sent when this fails.
    pub fn check(&self, fields: &[CredentialField]) -> Result<(), Error> {
        for (name, _) in &self.0 {
            if !fields.iter().any(|f| &f.name == name) {
                return Err(Error::invalid_request(format!(
                    "{name:?} is not a login field of this institution"
                )));
            }
        }
        for field in fields {
            let Some((_, value)) = self.0.iter().find(|(n, _)| n == &field.name) else {
                return Err(Error::invalid_request(format!(
                    "{:?} is missing",
                    field.name
                )));
            };
            let len = value.expose_secret().chars().count() as u32;
            if field.value_length_min.is_some_and(|min| len < min)
                || field.value_length_max.is_some_and(|max| len > max)
            {
                return Err(Error::invalid_request(format!(
                    "the value of {:?} has a length outside {}..={}",
                    field.name,
                    field.value_length_min.unwrap_or(0),
                    field.value_length_max.unwrap_or(u32::MAX)
                )));
            }
        }
        Ok(())
    }

    pub(crate) fn expose(&self) -> Result<Vec<(String, String)>, Error> {
        if self.0.is_empty() {
            return Err(Error::invalid_request("no credentials"));
        }
        self.0
            .iter()
            .map(|(n, v)| {
                if n.trim().is_empty() {
                    Err(Error::invalid_request("a credential without a name"))
                } else {
                    Ok((n.clone(), v.expose_secret().to_owned()))
                }
            })
            .collect()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("names", &self.names().collect::<Vec<_>>())
            .field("values", &"[redacted]")
            .finish()
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Credentials {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        iter.into_iter()
            .fold(Credentials::new(), |c, (n, v)| c.with(n, v))
    }
}
