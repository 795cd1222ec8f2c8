//! Providers (banks) and what their login forms ask for.

use std::collections::BTreeMap;
use std::sync::Arc;

use bankapi_core::lenient;
use serde::{Deserialize, Serialize};

use crate::client::{Call, Client};
use crate::Error;

/// A bank (or a bank's segment) Prometeo can log in to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Provider {
    /// The code to log in with (`santander_pers_uy`, `test`).
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub code: String,
    /// ISO 3166 alpha-2 country (`UY`).
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub country: String,
    /// Display name.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub name: String,
}

/// A provider's details: above all, the fields of its login form.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ProviderDetail {
    /// The provider code.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub name: String,
    /// Other names of the provider.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub aliases: Vec<String>,
    /// ISO 3166 alpha-2 country.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub country: String,
    /// The login form, in order; see [`ProviderDetail::login_fields`].
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub auth_fields: Vec<AuthField>,
    /// The kinds of account (`pers`, `corp`).
    #[serde(
        default,
        rename = "account_type",
        deserialize_with = "lenient::null_as_default"
    )]
    pub account_types: Vec<Choice>,
    /// The provider's logo URL.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub logo: Option<String>,
    /// The bank behind the provider.
    #[serde(default)]
    pub bank: Option<Bank>,
    /// Which features the provider supports (`accounts`, `transfers`, …); often `null`.
    #[serde(default)]
    pub methods: Option<BTreeMap<String, Option<bool>>>,
    /// Health of the provider's endpoints, as sent; often `null`.
    #[serde(default)]
    pub endpoints_status: Option<serde_json::Value>,
}

impl ProviderDetail {
    /// The auth field named `name`.
    pub fn auth_field(&self, name: &str) -> Option<&AuthField> {
        self.auth_fields.iter().find(|f| f.name == name)
    }

    /// The fields to show on the first login form: not interactive (interactive ones, such as
    /// a personal question, are asked later through [`LoginStatus::InteractionRequired`](crate::LoginStatus)).
    pub fn login_fields(&self) -> impl Iterator<Item = &AuthField> {
        self.auth_fields.iter().filter(|f| !f.interactive)
    }
}

/// The bank behind a provider.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Bank {
    /// Bank code.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub code: String,
    /// Bank name.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub name: String,
    /// Logo URL.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub logo: Option<String>,
}

/// One field of a provider's login form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AuthField {
    /// The form field name (`username`, `password`, `otp`, `type`, `country_code`, …).
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub name: String,
    /// How to ask for it.
    #[serde(default, rename = "type")]
    pub kind: AuthFieldKind,
    /// Asked later, through an interaction, rather than on the first form.
    #[serde(default, deserialize_with = "crate::de::flag")]
    pub interactive: bool,
    /// May be left out.
    #[serde(default, deserialize_with = "crate::de::flag")]
    pub optional: bool,
    /// Spanish label.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub label_es: String,
    /// English label.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub label_en: String,
    /// The value used when the field is left out.
    #[serde(default, deserialize_with = "lenient::option_string")]
    pub default: Option<String>,
    /// The allowed values of a `choice` field.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub choices: Vec<Choice>,
}

impl AuthField {
    /// Whether a login must carry this field on its first form.
    pub fn is_required(&self) -> bool {
        !self.optional && !self.interactive
    }
}

crate::open_enum! {
    /// The kind of an auth field.
    AuthFieldKind {
        /// Free text.
        Text = "text",
        /// A secret: mask it.
        Password = "password",
        /// One of the field's `choices`.
        Choice = "choice",
    }
}

// The enum comes from a macro, so `#[derive(Default)]` cannot be used.
#[allow(clippy::derivable_impls)]
impl Default for AuthFieldKind {
    fn default() -> Self {
        AuthFieldKind::Text
    }
}

/// A named option with labels: a choice of an auth field, an account type.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Choice {
    /// The value to send.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub name: String,
    /// Spanish label.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub label_es: String,
    /// English label.
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    pub label_en: String,
}

#[derive(Deserialize)]
struct ProvidersBody {
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    providers: Vec<Provider>,
}

#[derive(Deserialize)]
struct ProviderDetailBody {
    #[serde(default)]
    provider: Option<ProviderDetail>,
}

impl Client {
    /// Every provider (`GET /provider/`). Prometeo recommends storing the list and refreshing
    /// it weekly.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
    /// let mock = prometeo::mock::MockPrometeo::start().await;
    /// mock.providers().await;
    /// let providers = mock.client().providers().await?;
    /// assert!(providers.iter().any(|p| p.code == "test"));
    /// # Ok(()) }
    /// ```
    pub async fn providers(&self) -> Result<Vec<Provider>, Error> {
        let answer = self
            .send(Call::get("GET /provider/", "/provider/"), None)
            .await?;
        Ok(answer.decode::<ProvidersBody>()?.providers)
    }

    /// A provider's details (`GET /provider/{code}/`), with the auth fields to build a login
    /// form from. The client remembers them: later [`Client::login`]s to this provider are
    /// checked against them before anything is sent.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
    /// let mock = prometeo::mock::MockPrometeo::start().await;
    /// mock.provider_detail().await;
    /// let detail = mock.client().provider_detail("test").await?;
    /// let form: Vec<&str> = detail.login_fields().map(|f| f.name.as_str()).collect();
    /// assert_eq!(form, ["username", "password", "type"]);
    /// # Ok(()) }
    /// ```
    pub async fn provider_detail(&self, code: &str) -> Result<Arc<ProviderDetail>, Error> {
        self.provider_detail_call(code, None).await
    }

    /// A provider's details with the choices of one auth field filtered
    /// (`GET /provider/{code}/?key=type&value=UY`). Not remembered for login checks, since
    /// choices are filtered.
    pub async fn provider_detail_filtered(
        &self,
        code: &str,
        field: &str,
        value: &str,
    ) -> Result<Arc<ProviderDetail>, Error> {
        self.provider_detail_call(code, Some((field, value))).await
    }

    async fn provider_detail_call(
        &self,
        code: &str,
        filter: Option<(&str, &str)>,
    ) -> Result<Arc<ProviderDetail>, Error> {
        if code.trim().is_empty() {
            return Err(Error::invalid("a provider code is required"));
        }
        let path = format!("/provider/{}/", progenitor_client::encode_path(code));
        let mut call = Call::get("GET /provider/{code}/", path);
        if let Some((field, value)) = filter {
            call = call.query("key", field).query("value", value);
        }
        let answer = self.send(call, None).await?;
        let detail = answer
            .decode::<ProviderDetailBody>()?
            .provider
            .unwrap_or_default();
        let detail = Arc::new(detail);
        if filter.is_none() {
            self.inner
                .details
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(code.to_owned(), detail.clone());
        }
        Ok(detail)
    }

    /// The details fetched earlier for `code`, if any.
    pub(crate) fn known_detail(&self, code: &str) -> Option<Arc<ProviderDetail>> {
        self.inner
            .details
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(code)
            .cloned()
    }
}
