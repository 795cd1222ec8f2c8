//! Logging in: credentials, the provider-specific extra fields, and the login flow.

use std::fmt;

use bankapi_core::lenient;
use bankapi_core::RetryClass;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::client::{Answer, Call, Client};
use crate::providers::{AuthFieldKind, ProviderDetail};
use crate::session::{LoginStatus, Session};
use crate::Error;

crate::open_enum! {
    /// The document (or login) type of the `type` login field, e.g. for `davivienda`: every
    /// option of the official client's table, and any other value a provider lists.
    ///
    /// ```
    /// use prometeo::DocumentType;
    ///
    /// assert_eq!(DocumentType::CedulaCiudadania.as_str(), "cedula_ciudadania");
    /// assert_eq!(DocumentType::from("nit"), DocumentType::Nit);
    /// assert_eq!(DocumentType::from("rut"), DocumentType::Other("rut".into()));
    /// ```
    DocumentType {
        /// Citizenship card.
        CedulaCiudadania = "cedula_ciudadania",
        /// Foreigner identity card.
        CedulaExtranjeria = "cedula_extranjeria",
        /// NIT.
        Nit = "nit",
        /// Identity card.
        TarjetaIdentidad = "tarjeta_identidad",
        /// Passport.
        Pasaporte = "pasaporte",
        /// Foreign social security card.
        TarjetaSeguroSocialExtranjero = "tarjeta_seguro_social_extranjero",
        /// Foreign company without NIT in Colombia.
        SociedadExtranjeraSinNit = "sociedad_extranjera_sin_nit",
        /// Fideicomiso (trust).
        Fideicomiso = "fideicomiso",
        /// Minor NIT.
        NitMenores = "nit_menores",
        /// RIF Venezuela.
        RifVenezuela = "rif_venezuela",
        /// Foreigners NIT.
        NitExtranjeria = "nit_extranjeria",
        /// Natural person NIT.
        NitPersonaNatural = "nit_persona_natural",
        /// Birth certificate.
        RegistroCivilNacimiento = "registro_civil_nacimiento",
        /// Disassociated NIT.
        NitDesasociado = "nit_desasociado",
        /// CIF (unique client number).
        Cif = "cif",
        /// Identity number.
        NumeroIdentidad = "numero_identidad",
        /// RTN.
        Rtn = "rtn",
        /// Identity card.
        CedulaIdentidad = "cedula_identidad",
        /// DIMEX.
        Dimex = "dimex",
        /// CED.
        Ced = "ced",
        /// PAS.
        Pas = "pas",
        /// Unique identity document.
        DocumentoUnicoIdentidad = "documento_unico_identidad",
        /// Salvadoran NIT.
        NitSalvadoreno = "nit_salvadoreno",
    }
}

/// A provider-specific login field, beyond provider, username and password.
///
/// The seed's table: `otp` (bbva_mx), `personal_question` (banco_general, intermatico),
/// `token` (banorte), `company_code` (pe_bbva_netcash), `type` (davivienda, a
/// [`DocumentType`]); and `country_code`, `document_number` seen in provider details. Anything
/// else a provider's [`auth_fields`](crate::ProviderDetail::auth_fields) name goes in
/// [`LoginField::other`]. Secret values (OTP, answers, tokens) never print.
///
/// ```
/// use prometeo::{DocumentType, LoginField};
///
/// let otp = LoginField::otp("11223");
/// assert_eq!(otp.name(), "otp");
/// assert!(!format!("{otp:?}").contains("11223"));
/// assert_eq!(LoginField::DocumentType(DocumentType::Pasaporte).name(), "type");
/// ```
#[non_exhaustive]
#[derive(Clone)]
pub enum LoginField {
    /// `otp`: a one-time password.
    Otp(SecretString),
    /// `personal_question`: the answer to the user's personal question.
    PersonalQuestion(SecretString),
    /// `token`: the provider's authorization token.
    Token(SecretString),
    /// `company_code`: the company code of a corporate banking login.
    CompanyCode(String),
    /// `type`: the document or login type.
    DocumentType(DocumentType),
    /// `country_code`: a country choice (ISO 3166 alpha-2).
    CountryCode(String),
    /// `document_number`.
    DocumentNumber(String),
    /// Any other field a provider asks for, by its auth field name; its value is kept secret.
    Other {
        /// The form field name.
        name: String,
        /// The value.
        value: SecretString,
    },
}

impl LoginField {
    /// `otp`.
    pub fn otp(value: impl Into<String>) -> Self {
        LoginField::Otp(SecretString::from(value.into()))
    }
    /// `personal_question`.
    pub fn personal_question(answer: impl Into<String>) -> Self {
        LoginField::PersonalQuestion(SecretString::from(answer.into()))
    }
    /// `token`.
    pub fn token(value: impl Into<String>) -> Self {
        LoginField::Token(SecretString::from(value.into()))
    }
    /// `company_code`.
    pub fn company_code(value: impl Into<String>) -> Self {
        LoginField::CompanyCode(value.into())
    }
    /// `type`.
    pub fn document_type(value: impl Into<DocumentType>) -> Self {
        LoginField::DocumentType(value.into())
    }
    /// `country_code`.
    pub fn country_code(value: impl Into<String>) -> Self {
        LoginField::CountryCode(value.into())
    }
    /// `document_number`.
    pub fn document_number(value: impl Into<String>) -> Self {
        LoginField::DocumentNumber(value.into())
    }
    /// Any other field, by name (its value is treated as a secret).
    pub fn other(name: impl Into<String>, value: impl Into<String>) -> Self {
        LoginField::Other {
            name: name.into(),
            value: SecretString::from(value.into()),
        }
    }

    /// The form field name.
    pub fn name(&self) -> &str {
        match self {
            LoginField::Otp(_) => "otp",
            LoginField::PersonalQuestion(_) => "personal_question",
            LoginField::Token(_) => "token",
            LoginField::CompanyCode(_) => "company_code",
            LoginField::DocumentType(_) => "type",
            LoginField::CountryCode(_) => "country_code",
            LoginField::DocumentNumber(_) => "document_number",
            LoginField::Other { name, .. } => name,
        }
    }

    /// The value as sent.
    fn value(&self) -> &str {
        match self {
            LoginField::Otp(v) | LoginField::PersonalQuestion(v) | LoginField::Token(v) => {
                v.expose_secret()
            }
            LoginField::Other { value, .. } => value.expose_secret(),
            LoginField::CompanyCode(v)
            | LoginField::CountryCode(v)
            | LoginField::DocumentNumber(v) => v,
            LoginField::DocumentType(t) => t.as_str(),
        }
    }

    fn is_secret(&self) -> bool {
        matches!(
            self,
            LoginField::Otp(_)
                | LoginField::PersonalQuestion(_)
                | LoginField::Token(_)
                | LoginField::Other { .. }
        )
    }
}

impl fmt::Debug for LoginField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = if self.is_secret() {
            "[redacted]"
        } else {
            self.value()
        };
        write!(f, "{}={value:?}", self.name())
    }
}

/// What a login sends: provider, username, password and the provider's extra fields.
///
/// ```
/// use prometeo::{DocumentType, Login, LoginField};
///
/// let login = Login::new("davivienda", "12345", "gfdsa")
///     .field(LoginField::DocumentType(DocumentType::CedulaCiudadania));
/// assert_eq!(login.provider(), "davivienda");
/// assert!(!format!("{login:?}").contains("gfdsa"));
/// ```
#[derive(Clone)]
pub struct Login {
    provider: String,
    username: String,
    password: SecretString,
    fields: Vec<LoginField>,
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("provider", &self.provider)
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .field("fields", &self.fields)
            .finish()
    }
}

impl Login {
    /// A login with the three fields every provider asks for.
    pub fn new(
        provider: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Login {
        Login {
            provider: provider.into(),
            username: username.into(),
            password: SecretString::from(password.into()),
            fields: Vec::new(),
        }
    }

    /// Adds an extra field; a field of the same name given before is replaced.
    pub fn field(mut self, field: LoginField) -> Login {
        self.fields.retain(|f| f.name() != field.name());
        self.fields.push(field);
        self
    }

    /// The provider code.
    pub fn provider(&self) -> &str {
        &self.provider
    }

    /// The username.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The extra fields, in the order given.
    pub fn fields(&self) -> &[LoginField] {
        &self.fields
    }

    /// Checks the login before sending: provider, username and password present, no extra
    /// field named like them, and, against the provider's details when given, every required
    /// (non-optional, non-interactive, without default) field present and every `choice`
    /// field's value among its choices.
    ///
    /// ```
    /// use prometeo::{Login, LoginField, ProviderDetail};
    ///
    /// let detail: ProviderDetail = serde_json::from_str(r#"{"name": "bbva_mx", "auth_fields": [
    ///     {"name": "username", "type": "text"}, {"name": "password", "type": "password"},
    ///     {"name": "otp", "type": "text", "optional": false, "interactive": false}]}"#).unwrap();
    /// let without = Login::new("bbva_mx", "12345", "gfdsa");
    /// assert!(without.validate(Some(&detail)).is_err());
    /// assert!(without.field(LoginField::otp("11223")).validate(Some(&detail)).is_ok());
    /// ```
    pub fn validate(&self, detail: Option<&ProviderDetail>) -> Result<(), Error> {
        for (name, value) in [
            ("provider", self.provider.as_str()),
            ("username", self.username.as_str()),
            ("password", self.password.expose_secret()),
        ] {
            if value.trim().is_empty() {
                return Err(Error::invalid(format!(
                    "missing credentials: `{name}` is empty"
                )));
            }
        }
        for field in &self.fields {
            if matches!(field.name(), "provider" | "username" | "password" | "") {
                return Err(Error::invalid(format!(
                    "`{}` is not an extra login field",
                    field.name()
                )));
            }
        }
        let Some(detail) = detail else {
            return Ok(());
        };
        for auth in &detail.auth_fields {
            if matches!(auth.name.as_str(), "username" | "password") {
                continue;
            }
            let given = self.fields.iter().find(|f| f.name() == auth.name);
            match given {
                None if auth.is_required() && auth.default.is_none() => {
                    return Err(Error::invalid(format!(
                        "missing credentials: provider {} requires the login field `{}` ({})",
                        self.provider, auth.name, auth.label_en
                    )));
                }
                Some(field)
                    if auth.kind == AuthFieldKind::Choice
                        && !auth.choices.is_empty()
                        && !auth.choices.iter().any(|c| c.name == field.value()) =>
                {
                    let allowed: Vec<&str> = auth.choices.iter().map(|c| c.name.as_str()).collect();
                    let shown = if field.is_secret() {
                        "[redacted]"
                    } else {
                        field.value()
                    };
                    return Err(Error::invalid(format!(
                        "`{shown}` is not a choice of the login field `{}` of provider {} (choices: {})",
                        auth.name,
                        self.provider,
                        allowed.join(", ")
                    )));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The form: provider, username, password, then the extra fields.
    pub(crate) fn form(&self) -> Vec<(String, String)> {
        let mut form = vec![
            ("provider".to_owned(), self.provider.clone()),
            ("username".to_owned(), self.username.clone()),
            (
                "password".to_owned(),
                self.password.expose_secret().to_owned(),
            ),
        ];
        form.extend(
            self.fields
                .iter()
                .map(|f| (f.name().to_owned(), f.value().to_owned())),
        );
        form
    }
}

/// The body of a login answer.
#[derive(Deserialize)]
struct LoginBody {
    #[serde(default, deserialize_with = "lenient::string_or_null")]
    status: String,
    #[serde(default, deserialize_with = "lenient::option_string")]
    key: Option<String>,
    /// The official client's fixture names the key `session_key`.
    #[serde(default, deserialize_with = "lenient::option_string")]
    session_key: Option<String>,
    #[serde(default, deserialize_with = "lenient::option_string")]
    context: Option<String>,
    #[serde(default, deserialize_with = "lenient::option_string")]
    field: Option<String>,
}

impl LoginBody {
    fn read(answer: &Answer) -> Result<(LoginStatus, Option<SecretString>), Error> {
        let body: LoginBody = answer.decode()?;
        let status = match body.status.as_str() {
            "logged_in" => LoginStatus::LoggedIn,
            "select_client" => LoginStatus::SelectClient,
            "interaction_required" => LoginStatus::InteractionRequired {
                context: body.context.unwrap_or_default(),
                field: body
                    .field
                    .filter(|f| !f.is_empty())
                    .unwrap_or_else(|| "personal_question".to_owned()),
            },
            other => LoginStatus::Other(other.to_owned()),
        };
        let key = body
            .key
            .or(body.session_key)
            .filter(|k| !k.is_empty())
            .map(SecretString::from);
        Ok((status, key))
    }
}

impl Client {
    /// Logs in to a bank (`POST /login/`) and returns the session, whose
    /// [`status`](Session::status) says what comes next: [`LoginStatus::LoggedIn`],
    /// [`LoginStatus::SelectClient`] or [`LoginStatus::InteractionRequired`].
    ///
    /// The login is first checked ([`Login::validate`]) against the provider's details when
    /// [`Client::provider_detail`] fetched them earlier. Wrong credentials, missing credentials,
    /// an unavailable bank and a bad API key are errors ([`Error::WrongCredentials`],
    /// [`Error::MissingCredentials`], [`Error::ProviderUnavailable`], [`Error::InvalidApiKey`]).
    ///
    /// ```
    /// use prometeo::{Login, LoginField, LoginStatus};
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
    /// let mock = prometeo::mock::MockPrometeo::start().await;
    /// mock.login_interaction_required("Nombre de tu primera mascota?", "personal_question").await;
    /// mock.finish_login("personal_question", "prometeo").await;
    /// mock.login_wrong_credentials().await;
    ///
    /// let login = Login::new("test", "12345", "gfdsa");
    /// let mut session = mock.client().login(&login).await?;
    /// if let LoginStatus::InteractionRequired { context, .. } = session.status() {
    ///     println!("the bank asks: {context}");
    ///     session.finish_login(&login, "prometeo").await?;
    /// }
    /// assert_eq!(session.status(), &LoginStatus::LoggedIn);
    ///
    /// let wrong = mock.client().login(&Login::new("test", "12345", "wrong")).await;
    /// assert!(matches!(wrong, Err(prometeo::Error::WrongCredentials(_))));
    /// # Ok(()) }
    /// ```
    pub async fn login(&self, login: &Login) -> Result<Session, Error> {
        login.validate(self.known_detail(login.provider()).as_deref())?;
        let call = Call::post(
            "POST /login/",
            "/login/",
            login.form(),
            RetryClass::NonIdempotent,
        );
        let answer = self.send(call, None).await?;
        let (status, key) = LoginBody::read(&answer)?;
        let key = key.ok_or_else(|| answer.missing("a session key (`key`)"))?;
        Ok(Session::new(self.clone(), key, status))
    }
}

impl Session {
    /// Answers the bank's question after [`LoginStatus::InteractionRequired`]: re-sends the
    /// same login with `<field>=<answer>` and the session key (`POST /login/`). Returns the new
    /// status, which may ask again.
    ///
    /// See [`Client::login`] for an example.
    pub async fn finish_login(
        &mut self,
        login: &Login,
        answer: &str,
    ) -> Result<&LoginStatus, Error> {
        let field = match &self.status {
            LoginStatus::InteractionRequired { field, .. } => field.clone(),
            _ => "personal_question".to_owned(),
        };
        if answer.is_empty() {
            return Err(Error::invalid("the answer is empty"));
        }
        login.validate(None)?;
        let mut form = login.form();
        form.retain(|(name, _)| *name != field);
        form.push((field, answer.to_owned()));
        let call = Call::post("POST /login/", "/login/", form, RetryClass::NonIdempotent);
        let answer = self.client.send(call, Some(&self.key)).await?;
        let (status, key) = LoginBody::read(&answer)?;
        if let Some(key) = key {
            self.key = key;
        }
        self.status = status;
        Ok(&self.status)
    }
}
