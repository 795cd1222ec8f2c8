//! "The user must answer a challenge", named once for every provider.
//!
//! Every provider has a moment where the bank needs the user before it goes on: finAPI answers
//! HTTP 510 with a multi-step authentication, Budgea a connection in `additionalInformationNeeded`
//! (HTTP 202) or another state that needs the user, Intuit a 401 with a challenge session,
//! Prometeo a login in `interaction_required`. Each provider crate has its own typed value for
//! it; [`Challenge`] describes any of them in common terms, so that one UI can show them:
//! a list of [`ChallengeItem`]s, each a [`ChallengeKind`] (a text question, a one-time code, a
//! choice, an image, a redirect, a decoupled approval, …).
//!
//! | provider | provider value | converts with |
//! |---|---|---|
//! | finAPI | [`finapi::Challenge`] (an [`Outcome::NeedsUser`](finapi::Outcome)) | `Challenge::from(&challenge)` |
//! | Budgea | [`budgea::UserAction`], [`budgea::ConnectionOutcome`], a transfer's or recipient's [`budgea::FieldPrompt`]s | `Challenge::from(&action)`, `Challenge::try_from(&outcome)`, `Challenge::from(&fields[..])` |
//! | Intuit | [`intuit_aggcat::ChallengeSet`], [`intuit_aggcat::Discovery`], [`intuit_aggcat::LoginUpdate`] | `Challenge::from(&set)`, `Challenge::try_from(&discovery)` |
//! | Prometeo | [`prometeo::LoginStatus::InteractionRequired`] | `Challenge::try_from(session.status())` |
//!
//! How each provider's challenges map onto the kinds:
//!
//! | [`ChallengeKind`] | finAPI | Budgea | Intuit | Prometeo |
//! |---|---|---|---|---|
//! | `TextQuestion` | | a `text`, `date`, `number` field; a `password` field outside `additionalInformationNeeded` (masked) | a text question | `interaction_required` for `personal_question` or another field |
//! | `Otp` | `CHALLENGE_RESPONSE_REQUIRED` (a TAN; with a flicker code too) | a `password` field in `additionalInformationNeeded` (OTP, SMS code) | | `interaction_required` for `otp` or `token` |
//! | `Choice` | `TWO_STEP_PROCEDURE_REQUIRED` (the procedures) | a `list` field | a multiple-choice question | |
//! | `Image` | `CHALLENGE_RESPONSE_REQUIRED` with a photoTAN | | a question with an image | |
//! | `Redirect` | `REDIRECT_REQUIRED` (with the URL) | `SCARequired`, `webauthRequired` (the webview URL is built with [`budgea::connections::Reconnect`]) | | |
//! | `DecoupledApproval` | `DECOUPLED_AUTH_REQUIRED`, `DECOUPLED_AUTH_IN_PROGRESS` | `decoupled` | | |
//! | `ExternalAction` | | `passwordExpired`, `actionNeeded` | | |
//! | `Other` | a status the crate does not know | `wrongpass` without fields, a state the crate does not know | | |
//!
//! **Answering stays provider-specific**: each provider continues differently (finAPI sends the
//! same operation again, Budgea posts field values to the connection, Intuit answers in a
//! challenge session, Prometeo logs in again with the answer), and each crate's own value does
//! it: [`finapi::Challenge::answer`], [`budgea::Client::answer_connection`],
//! [`intuit_aggcat::ChallengeSet::answer`], [`prometeo::Session::finish_login`]. The common
//! [`Challenge`] keeps the provider's value ([`Challenge::original`]) and the name of the field
//! each answer goes in ([`ChallengeItem::field`]); the `tour` example shows one UI answering all
//! four providers this way.
//!
//! ```
//! use bankapi::{Challenge, ChallengeKind, Provider};
//! use bankapi::prometeo::LoginStatus;
//!
//! let status = LoginStatus::InteractionRequired {
//!     context: "Nombre de tu primera mascota?".into(),
//!     field: "personal_question".into(),
//! };
//! let challenge = Challenge::try_from(&status).unwrap();
//! assert_eq!(challenge.provider(), Provider::Prometeo);
//! let item = &challenge.items()[0];
//! assert_eq!(item.field.as_deref(), Some("personal_question"));
//! assert_eq!(
//!     item.kind,
//!     ChallengeKind::TextQuestion { prompt: "Nombre de tu primera mascota?".into(), masked: false }
//! );
//! assert_eq!(challenge.answers_expected(), 1);
//! ```

use std::fmt;

use crate::Provider;

/// What the bank asks the user, in terms common to every provider, with the provider's own
/// value kept ([`original`](Self::original)) to answer it.
///
/// Built from each provider crate's challenge value (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct Challenge {
    provider: Provider,
    message: Option<String>,
    items: Vec<ChallengeItem>,
    original: ProviderChallenge,
}

impl Challenge {
    #[cfg_attr(
        not(any(
            feature = "finapi",
            feature = "budgea",
            feature = "prometeo",
            feature = "intuit-aggcat"
        )),
        allow(dead_code)
    )]
    fn new(
        provider: Provider,
        message: Option<String>,
        items: Vec<ChallengeItem>,
        original: ProviderChallenge,
    ) -> Self {
        Challenge {
            provider,
            message: message.filter(|m| !m.trim().is_empty()),
            items,
            original,
        }
    }

    /// The provider asking.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The bank's (or the provider's) message for the user, when it sent one besides the items.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// What to ask, in order: answers are given in this order, one per item that
    /// [takes an answer](ChallengeKind::takes_answer).
    pub fn items(&self) -> &[ChallengeItem] {
        &self.items
    }

    /// How many answers the user must give (the items that take one); `0` for a redirect, a
    /// decoupled approval or an action outside the application.
    pub fn answers_expected(&self) -> usize {
        self.items.iter().filter(|i| i.kind.takes_answer()).count()
    }

    /// The provider's own value, to answer with the provider crate.
    pub fn original(&self) -> &ProviderChallenge {
        &self.original
    }

    /// The provider's own value, by value.
    pub fn into_original(self) -> ProviderChallenge {
        self.original
    }
}

impl fmt::Display for Challenge {
    /// One line per item, after the message if it says more than the items.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} asks", self.provider)?;
        if let Some(message) = &self.message {
            if !self.items.iter().any(|i| i.kind.prompt() == Some(message)) {
                write!(f, " ({message})")?;
            }
        }
        f.write_str(":")?;
        for item in &self.items {
            write!(f, "\n  - {item}")?;
        }
        Ok(())
    }
}

/// One thing to ask the user.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeItem {
    /// What to ask.
    pub kind: ChallengeKind,
    /// The provider's name of the field the answer goes in, where the provider names it
    /// (Budgea's field `name`, Prometeo's login `field`); `None` where answers go by position
    /// (finAPI, Intuit).
    pub field: Option<String>,
}

impl ChallengeItem {
    /// An item without a field name.
    pub fn new(kind: ChallengeKind) -> Self {
        ChallengeItem { kind, field: None }
    }

    /// With the name of the field the answer goes in.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for ChallengeItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)?;
        if let Some(field) = &self.field {
            write!(f, " (field {field})")?;
        }
        Ok(())
    }
}

/// The kinds of things a bank asks of a user, across providers.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChallengeKind {
    /// Answer a question in text (a personal question, a missing credential).
    TextQuestion {
        /// The question.
        prompt: String,
        /// Whether the answer is a secret to hide while typed (a password).
        masked: bool,
    },
    /// Enter a one-time code: a TAN, an SMS code, a code from a token device.
    Otp {
        /// The instructions.
        prompt: String,
        /// The bank's label for the code (`"TAN"`), when given.
        label: Option<String>,
    },
    /// Pick one option; answer with its [`ChoiceOption::value`].
    Choice {
        /// The question.
        prompt: String,
        /// The options.
        options: Vec<ChoiceOption>,
    },
    /// Look at an image (a photoTAN, a captcha, a site key picture) and answer in text.
    Image {
        /// The question or instructions.
        prompt: String,
        /// The image.
        image: ChallengeImage,
    },
    /// Send the user to the bank's page (a redirect or a webview); continue when the user comes
    /// back. Nothing to answer.
    Redirect {
        /// Where to send the user, when the provider gave the URL (finAPI); `None` when it is
        /// built with the provider crate (Budgea's webview `reconnect`, which needs a temporary
        /// code).
        url: Option<String>,
    },
    /// The user approves in the bank's app or on another device; continue (poll or resume)
    /// once approved. Nothing to answer.
    DecoupledApproval {
        /// The bank's instructions.
        message: Option<String>,
    },
    /// The user must act outside the application (change an expired password on the bank's
    /// website, accept terms); try again afterwards. Nothing to answer.
    ExternalAction {
        /// The bank's message.
        message: Option<String>,
    },
    /// Something the provider crate does not describe in these terms: see the provider's value
    /// ([`Challenge::original`]).
    Other {
        /// What the provider said.
        description: String,
    },
}

impl ChallengeKind {
    /// Whether the user answers this item with a value (text, code, choice), rather than by
    /// acting elsewhere (redirect, decoupled approval, external action).
    pub fn takes_answer(&self) -> bool {
        matches!(
            self,
            ChallengeKind::TextQuestion { .. }
                | ChallengeKind::Otp { .. }
                | ChallengeKind::Choice { .. }
                | ChallengeKind::Image { .. }
        )
    }

    /// The question or instructions to show, when there are some.
    pub fn prompt(&self) -> Option<&str> {
        match self {
            ChallengeKind::TextQuestion { prompt, .. }
            | ChallengeKind::Otp { prompt, .. }
            | ChallengeKind::Choice { prompt, .. }
            | ChallengeKind::Image { prompt, .. } => Some(prompt),
            ChallengeKind::DecoupledApproval { message }
            | ChallengeKind::ExternalAction { message } => message.as_deref(),
            ChallengeKind::Redirect { .. } => None,
            ChallengeKind::Other { description } => Some(description),
        }
    }
}

impl fmt::Display for ChallengeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChallengeKind::TextQuestion { prompt, masked } => {
                write!(f, "text question: {prompt}")?;
                if *masked {
                    f.write_str(" (masked)")?;
                }
                Ok(())
            }
            ChallengeKind::Otp { prompt, label } => {
                write!(f, "one-time code: {prompt}")?;
                if let Some(label) = label {
                    write!(f, " [{label}]")?;
                }
                Ok(())
            }
            ChallengeKind::Choice { prompt, options } => {
                write!(f, "choice: {prompt} [")?;
                for (i, option) in options.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{} = {}", option.value, option.label)?;
                }
                f.write_str("]")
            }
            ChallengeKind::Image { prompt, image } => write!(
                f,
                "image ({}, {} bytes): {prompt}",
                image.mime_type,
                image.bytes.len()
            ),
            ChallengeKind::Redirect { url: Some(url) } => write!(f, "redirect: {url}"),
            ChallengeKind::Redirect { url: None } => {
                f.write_str("redirect (the provider crate builds the URL)")
            }
            ChallengeKind::DecoupledApproval { message } => write!(
                f,
                "decoupled approval: {}",
                message.as_deref().unwrap_or("approve in the bank's app")
            ),
            ChallengeKind::ExternalAction { message } => write!(
                f,
                "action outside the app: {}",
                message.as_deref().unwrap_or("see the bank's website")
            ),
            ChallengeKind::Other { description } => write!(f, "other: {description}"),
        }
    }
}

/// One option of a [`ChallengeKind::Choice`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceOption {
    /// What to answer (a procedure id, a choice value).
    pub value: String,
    /// What to show.
    pub label: String,
}

impl ChoiceOption {
    /// An option.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        ChoiceOption {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// An image to show the user, decoded.
#[non_exhaustive]
#[derive(Clone, PartialEq, Eq)]
pub struct ChallengeImage {
    /// Its MIME type (`image/png`), or `application/octet-stream` when unknown.
    pub mime_type: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl ChallengeImage {
    /// An image.
    pub fn new(mime_type: impl Into<String>, bytes: Vec<u8>) -> Self {
        ChallengeImage {
            mime_type: mime_type.into(),
            bytes,
        }
    }
}

impl fmt::Debug for ChallengeImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChallengeImage")
            .field("mime_type", &self.mime_type)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .finish()
    }
}

/// The provider's own value behind a [`Challenge`], to answer it with the provider crate.
///
/// Only the variants of the enabled provider features exist.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub enum ProviderChallenge {
    /// finAPI's multi-step authentication (from the 510 answer). Answer with the
    /// [`finapi::Challenge`] it came from.
    #[cfg(feature = "finapi")]
    FinApi(Box<finapi::MultiStepAuthentication>),
    /// What Budgea needs for a connection. Answer with
    /// [`budgea::Client::answer_connection`] (fields), [`budgea::Client::resume_connection`]
    /// (decoupled) or the webview (SCA).
    #[cfg(feature = "budgea")]
    Budgea {
        /// The connection, when the challenge came from a [`budgea::ConnectionOutcome`].
        connection_id: Option<i64>,
        /// What the user must do.
        action: budgea::UserAction,
    },
    /// Fields Budgea asks for to confirm a recipient or validate a transfer.
    #[cfg(feature = "budgea")]
    BudgeaFields(Vec<budgea::FieldPrompt>),
    /// Prometeo's login status (`interaction_required`). Answer with
    /// [`prometeo::Session::finish_login`].
    #[cfg(feature = "prometeo")]
    Prometeo(prometeo::LoginStatus),
    /// Intuit's questions during a discovery. Answer with [`intuit_aggcat::ChallengeSet::answer`].
    #[cfg(feature = "intuit-aggcat")]
    IntuitDiscovery(intuit_aggcat::ChallengeSet<intuit_aggcat::Discovery>),
    /// Intuit's questions during a login update. Answer with
    /// [`intuit_aggcat::ChallengeSet::answer`].
    #[cfg(feature = "intuit-aggcat")]
    IntuitLoginUpdate(intuit_aggcat::ChallengeSet<intuit_aggcat::LoginUpdate>),
}

/// The error of `Challenge::try_from` for a provider outcome that asks nothing of the user
/// (logged in, synchronized, accounts found).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoChallenge;

impl fmt::Display for NoChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the provider asks nothing of the user")
    }
}

impl std::error::Error for NoChallenge {}

#[cfg(feature = "finapi")]
mod from_finapi {
    use super::*;
    use finapi::ChallengeKind as Finapi;

    /// finAPI's multi-step authentication: a TAN (with a photoTAN image or a flicker code), a
    /// choice of two-step procedures, a redirect to the bank, or a decoupled approval.
    impl<R: finapi::MultiStepRequest> From<&finapi::Challenge<R>> for Challenge {
        fn from(challenge: &finapi::Challenge<R>) -> Self {
            let message = challenge.message().map(str::to_owned);
            let kind = match challenge.kind() {
                Finapi::Answer {
                    message,
                    label,
                    image,
                    ..
                } => {
                    let prompt = message.or(label).unwrap_or("TAN").to_owned();
                    match image {
                        Some(image) => ChallengeKind::Image {
                            prompt,
                            image: ChallengeImage::new(image.mime_type, image.bytes),
                        },
                        None => ChallengeKind::Otp {
                            prompt,
                            label: label.map(str::to_owned),
                        },
                    }
                }
                Finapi::ChooseProcedure { procedures } => ChallengeKind::Choice {
                    prompt: message
                        .clone()
                        .unwrap_or_else(|| "Choose a two-step procedure".to_owned()),
                    options: procedures
                        .iter()
                        .map(|p| ChoiceOption::new(&p.procedure_id, &p.procedure_name))
                        .collect(),
                },
                Finapi::Redirect { url, .. } => ChallengeKind::Redirect {
                    url: Some(url.to_owned()).filter(|u| !u.is_empty()),
                },
                Finapi::Decoupled { message, .. } => ChallengeKind::DecoupledApproval {
                    message: message.map(str::to_owned),
                },
                Finapi::Unknown { status } => ChallengeKind::Other {
                    description: format!("finAPI multi-step authentication status {status}"),
                },
                other => ChallengeKind::Other {
                    description: format!("{other:?}"),
                },
            };
            Challenge::new(
                Provider::FinApi,
                message,
                vec![ChallengeItem::new(kind)],
                ProviderChallenge::FinApi(Box::new(challenge.details().clone())),
            )
        }
    }
}

#[cfg(feature = "budgea")]
mod from_budgea {
    use super::*;
    use budgea::connections::FieldKind;
    use budgea::{ConnectionOutcome, FieldPrompt, UserAction};

    /// A field to fill: `list` a choice, `password` a masked text question, other kinds a text
    /// question. Hidden fields are not for the user: `None`.
    fn item(field: &FieldPrompt, one_time_code: bool) -> Option<ChallengeItem> {
        let prompt = field.label.clone();
        let kind = match &field.kind {
            FieldKind::Hidden => return None,
            FieldKind::Password if one_time_code => ChallengeKind::Otp {
                prompt,
                label: None,
            },
            FieldKind::Password => ChallengeKind::TextQuestion {
                prompt,
                masked: true,
            },
            FieldKind::Choice(choices) => ChallengeKind::Choice {
                prompt,
                options: choices
                    .iter()
                    .map(|c| ChoiceOption::new(&c.value, &c.label))
                    .collect(),
            },
            _ => ChallengeKind::TextQuestion {
                prompt,
                masked: false,
            },
        };
        Some(ChallengeItem::new(kind).with_field(&field.name))
    }

    fn items(fields: &[FieldPrompt], one_time_code: bool) -> Vec<ChallengeItem> {
        fields
            .iter()
            .filter_map(|f| item(f, one_time_code))
            .collect()
    }

    fn from_action(action: &UserAction, connection_id: Option<i64>) -> Challenge {
        let message = action.message().map(str::to_owned);
        let items = match action {
            // After the credentials, the bank asks for codes: a `password` field is an OTP or
            // an SMS code.
            UserAction::AdditionalInformation { fields, .. } => items(fields, true),
            UserAction::Decoupled { message } => {
                vec![ChallengeItem::new(ChallengeKind::DecoupledApproval {
                    message: message.clone(),
                })]
            }
            UserAction::Sca { .. } | UserAction::Webauth { .. } => {
                vec![ChallengeItem::new(ChallengeKind::Redirect { url: None })]
            }
            UserAction::WrongPassword { fields, .. } if !fields.is_empty() => items(fields, false),
            UserAction::WrongPassword { .. } => vec![ChallengeItem::new(ChallengeKind::Other {
                description: "wrongpass: the bank refused the credentials".to_owned(),
            })],
            UserAction::PasswordExpired { message } | UserAction::ActionNeeded { message } => {
                vec![ChallengeItem::new(ChallengeKind::ExternalAction {
                    message: message.clone(),
                })]
            }
            UserAction::Other { fields, .. } if !fields.is_empty() => items(fields, false),
            UserAction::Other { state, .. } => vec![ChallengeItem::new(ChallengeKind::Other {
                description: format!("Budgea connection state {state}"),
            })],
            other => vec![ChallengeItem::new(ChallengeKind::Other {
                description: format!("{other:?}"),
            })],
        };
        Challenge::new(
            Provider::Budgea,
            message,
            items,
            ProviderChallenge::Budgea {
                connection_id,
                action: action.clone(),
            },
        )
    }

    /// What Budgea needs for a connection (without the connection id: prefer the
    /// `ConnectionOutcome` conversion when you have the outcome).
    impl From<&UserAction> for Challenge {
        fn from(action: &UserAction) -> Self {
            from_action(action, None)
        }
    }

    /// A connection that needs the user; `Err(NoChallenge)` when it synchronized or only needs
    /// a later retry.
    impl TryFrom<&ConnectionOutcome> for Challenge {
        type Error = NoChallenge;

        fn try_from(outcome: &ConnectionOutcome) -> Result<Self, NoChallenge> {
            match outcome {
                ConnectionOutcome::UserActionNeeded { connection, action } => {
                    Ok(from_action(action, Some(connection.id)))
                }
                _ => Err(NoChallenge),
            }
        }
    }

    /// The fields Budgea asks for to confirm a recipient or validate a transfer (a `password`
    /// field is a masked text question).
    impl From<&[FieldPrompt]> for Challenge {
        fn from(fields: &[FieldPrompt]) -> Self {
            Challenge::new(
                Provider::Budgea,
                None,
                items(fields, false),
                ProviderChallenge::BudgeaFields(fields.to_vec()),
            )
        }
    }
}

#[cfg(feature = "prometeo")]
mod from_prometeo {
    use super::*;
    use prometeo::LoginStatus;

    /// A login in `interaction_required`: the bank's question, answered in the login field it
    /// names (`otp` and `token` are one-time codes); `Err(NoChallenge)` for any other status.
    impl TryFrom<&LoginStatus> for Challenge {
        type Error = NoChallenge;

        fn try_from(status: &LoginStatus) -> Result<Self, NoChallenge> {
            let LoginStatus::InteractionRequired { context, field } = status else {
                return Err(NoChallenge);
            };
            let prompt = context.clone();
            let kind = match field.as_str() {
                "otp" | "token" => ChallengeKind::Otp {
                    prompt,
                    label: None,
                },
                _ => ChallengeKind::TextQuestion {
                    prompt,
                    masked: false,
                },
            };
            Ok(Challenge::new(
                Provider::Prometeo,
                None,
                vec![ChallengeItem::new(kind).with_field(field)],
                ProviderChallenge::Prometeo(status.clone()),
            ))
        }
    }
}

#[cfg(feature = "intuit-aggcat")]
mod from_intuit {
    use super::*;
    use intuit_aggcat::{ChallengeSet, Discovery, LoginUpdate};

    /// One of Intuit's questions: text, multiple choice or image.
    impl From<&intuit_aggcat::Challenge> for ChallengeItem {
        fn from(challenge: &intuit_aggcat::Challenge) -> Self {
            let prompt = challenge.question();
            let kind = match challenge.kind() {
                intuit_aggcat::ChallengeKind::Choice { choices, .. } => ChallengeKind::Choice {
                    prompt,
                    options: choices
                        .iter()
                        .map(|c| ChoiceOption::new(&c.value, &c.text))
                        .collect(),
                },
                intuit_aggcat::ChallengeKind::Image { image, .. } => ChallengeKind::Image {
                    prompt,
                    image: ChallengeImage::new(image.mime_type, image.bytes.clone()),
                },
                _ => ChallengeKind::TextQuestion {
                    prompt,
                    masked: false,
                },
            };
            ChallengeItem::new(kind)
        }
    }

    fn items<N>(set: &ChallengeSet<N>) -> Vec<ChallengeItem> {
        set.challenges().iter().map(ChallengeItem::from).collect()
    }

    /// A round of questions during a discovery.
    impl From<&ChallengeSet<Discovery>> for Challenge {
        fn from(set: &ChallengeSet<Discovery>) -> Self {
            Challenge::new(
                Provider::IntuitAggcat,
                None,
                items(set),
                ProviderChallenge::IntuitDiscovery(set.clone()),
            )
        }
    }

    /// A round of questions during a login update.
    impl From<&ChallengeSet<LoginUpdate>> for Challenge {
        fn from(set: &ChallengeSet<LoginUpdate>) -> Self {
            Challenge::new(
                Provider::IntuitAggcat,
                None,
                items(set),
                ProviderChallenge::IntuitLoginUpdate(set.clone()),
            )
        }
    }

    /// A discovery that asks questions; `Err(NoChallenge)` when it found the accounts.
    impl TryFrom<&Discovery> for Challenge {
        type Error = NoChallenge;

        fn try_from(discovery: &Discovery) -> Result<Self, NoChallenge> {
            match discovery {
                Discovery::Challenge(set) => Ok(Challenge::from(set)),
                _ => Err(NoChallenge),
            }
        }
    }

    /// A login update that asks questions; `Err(NoChallenge)` when it was accepted.
    impl TryFrom<&LoginUpdate> for Challenge {
        type Error = NoChallenge;

        fn try_from(update: &LoginUpdate) -> Result<Self, NoChallenge> {
            match update {
                LoginUpdate::Challenge(set) => Ok(Challenge::from(set)),
                _ => Err(NoChallenge),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_say_whether_they_take_an_answer_and_show_themselves() {
        let otp = ChallengeKind::Otp {
            prompt: "Code sent by SMS".into(),
            label: Some("TAN".into()),
        };
        assert!(otp.takes_answer());
        assert_eq!(otp.prompt(), Some("Code sent by SMS"));
        assert_eq!(otp.to_string(), "one-time code: Code sent by SMS [TAN]");
        let choice = ChallengeKind::Choice {
            prompt: "Procedure".into(),
            options: vec![
                ChoiceOption::new("955", "mobileTAN"),
                ChoiceOption::new("956", "pushTAN"),
            ],
        };
        assert!(choice.takes_answer());
        assert_eq!(
            choice.to_string(),
            "choice: Procedure [955 = mobileTAN, 956 = pushTAN]"
        );
        let redirect = ChallengeKind::Redirect { url: None };
        assert!(!redirect.takes_answer());
        assert_eq!(redirect.prompt(), None);
        assert!(!ChallengeKind::DecoupledApproval { message: None }.takes_answer());
        assert!(!ChallengeKind::ExternalAction { message: None }.takes_answer());
        assert!(!ChallengeKind::Other {
            description: "x".into()
        }
        .takes_answer());
        let image = ChallengeImage::new("image/png", vec![0; 4096]);
        assert_eq!(
            format!("{image:?}"),
            r#"ChallengeImage { mime_type: "image/png", bytes: 4096 bytes }"#
        );
        let item = ChallengeItem::new(ChallengeKind::Image {
            prompt: "Scan it".into(),
            image,
        })
        .with_field("tan");
        assert_eq!(
            item.to_string(),
            "image (image/png, 4096 bytes): Scan it (field tan)"
        );
    }

    #[cfg(feature = "budgea")]
    mod budgea_actions {
        use super::*;
        use budgea::connections::{Choice, FieldKind, Reconnect};
        use budgea::{ConnectionOutcome, FieldPrompt, UserAction};

        fn field(name: &str, label: &str, kind: FieldKind) -> FieldPrompt {
            FieldPrompt {
                name: name.into(),
                label: label.into(),
                kind,
                required: true,
                regex: None,
                description: None,
            }
        }

        fn kinds(challenge: &Challenge) -> Vec<(&ChallengeKind, Option<&str>)> {
            challenge
                .items()
                .iter()
                .map(|i| (&i.kind, i.field.as_deref()))
                .collect()
        }

        #[test]
        fn additional_information_asks_for_codes_choices_and_text() {
            let action = UserAction::AdditionalInformation {
                fields: vec![
                    field("otp", "Code reçu par SMS", FieldKind::Password),
                    field(
                        "account_type",
                        "Type de compte",
                        FieldKind::Choice(vec![Choice {
                            value: "par".into(),
                            label: "Particuliers".into(),
                        }]),
                    ),
                    field("birthday", "Date de naissance", FieldKind::Date),
                    field("session", "", FieldKind::Hidden),
                ],
                message: Some("Votre banque demande un code".into()),
            };
            let challenge = Challenge::from(&action);
            assert_eq!(challenge.provider(), Provider::Budgea);
            assert_eq!(challenge.message(), Some("Votre banque demande un code"));
            assert_eq!(
                kinds(&challenge),
                vec![
                    (
                        &ChallengeKind::Otp {
                            prompt: "Code reçu par SMS".into(),
                            label: None
                        },
                        Some("otp")
                    ),
                    (
                        &ChallengeKind::Choice {
                            prompt: "Type de compte".into(),
                            options: vec![ChoiceOption::new("par", "Particuliers")]
                        },
                        Some("account_type")
                    ),
                    (
                        &ChallengeKind::TextQuestion {
                            prompt: "Date de naissance".into(),
                            masked: false
                        },
                        Some("birthday")
                    ),
                ]
            );
            assert_eq!(challenge.answers_expected(), 3);
            assert!(matches!(
                challenge.original(),
                ProviderChallenge::Budgea { connection_id: None, action: a } if *a == action
            ));
        }

        #[test]
        fn approvals_redirects_and_actions_elsewhere_take_no_answer() {
            let reconnect = Reconnect { connection_id: 7 };
            let cases = [
                (
                    UserAction::Decoupled {
                        message: Some("Validez dans l'application".into()),
                    },
                    ChallengeKind::DecoupledApproval {
                        message: Some("Validez dans l'application".into()),
                    },
                ),
                (
                    UserAction::Sca {
                        reconnect: reconnect.clone(),
                        message: None,
                    },
                    ChallengeKind::Redirect { url: None },
                ),
                (
                    UserAction::Webauth {
                        reconnect,
                        message: None,
                    },
                    ChallengeKind::Redirect { url: None },
                ),
                (
                    UserAction::PasswordExpired {
                        message: Some("Changez votre mot de passe".into()),
                    },
                    ChallengeKind::ExternalAction {
                        message: Some("Changez votre mot de passe".into()),
                    },
                ),
                (
                    UserAction::ActionNeeded { message: None },
                    ChallengeKind::ExternalAction { message: None },
                ),
                (
                    UserAction::WrongPassword {
                        fields: vec![],
                        message: None,
                    },
                    ChallengeKind::Other {
                        description: "wrongpass: the bank refused the credentials".into(),
                    },
                ),
                (
                    UserAction::Other {
                        state: "brandNewState".into(),
                        fields: vec![],
                        message: None,
                    },
                    ChallengeKind::Other {
                        description: "Budgea connection state brandNewState".into(),
                    },
                ),
            ];
            for (action, kind) in cases {
                let challenge = Challenge::from(&action);
                assert_eq!(kinds(&challenge), vec![(&kind, None)], "{action:?}");
                assert_eq!(challenge.answers_expected(), 0, "{action:?}");
            }
        }

        #[test]
        fn new_credentials_and_transfer_fields_are_masked_text() {
            let wrong = UserAction::WrongPassword {
                fields: vec![field("password", "Code secret", FieldKind::Password)],
                message: Some("Mot de passe incorrect".into()),
            };
            let masked = ChallengeKind::TextQuestion {
                prompt: "Code secret".into(),
                masked: true,
            };
            assert_eq!(
                kinds(&Challenge::from(&wrong)),
                vec![(&masked, Some("password"))]
            );
            let fields = [field("password", "Code secret", FieldKind::Password)];
            let challenge = Challenge::from(&fields[..]);
            assert_eq!(kinds(&challenge), vec![(&masked, Some("password"))]);
            assert!(
                matches!(challenge.original(), ProviderChallenge::BudgeaFields(f) if f[..] == fields[..])
            );
            let other = UserAction::Other {
                state: "brandNewState".into(),
                fields: vec![field("code", "Code", FieldKind::Number)],
                message: None,
            };
            assert_eq!(
                kinds(&Challenge::from(&other)),
                vec![(
                    &ChallengeKind::TextQuestion {
                        prompt: "Code".into(),
                        masked: false
                    },
                    Some("code")
                )]
            );
        }

        #[test]
        fn outcomes_convert_with_their_connection() {
            use crate::reqwest::StatusCode;
            let connection = |value: serde_json::Value| {
                serde_json::from_value::<budgea::types::Connection>(value).expect("a connection")
            };
            let otp = ConnectionOutcome::from_connection(
                connection(
                    serde_json::json!({"id": 27, "state": "additionalInformationNeeded",
                    "fields": [{"name": "otp", "label": "Code reçu par SMS", "type": "password"}]}),
                ),
                StatusCode::ACCEPTED,
            );
            let challenge = Challenge::try_from(&otp).expect("a challenge");
            assert_eq!(challenge.items()[0].field.as_deref(), Some("otp"));
            assert!(matches!(
                challenge.original(),
                ProviderChallenge::Budgea {
                    connection_id: Some(27),
                    action: UserAction::AdditionalInformation { .. }
                }
            ));
            let synced = ConnectionOutcome::from_connection(
                connection(serde_json::json!({"id": 27, "state": null})),
                StatusCode::OK,
            );
            assert_eq!(Challenge::try_from(&synced).unwrap_err(), NoChallenge);
            let retry = ConnectionOutcome::from_connection(
                connection(serde_json::json!({"id": 27, "state": "websiteUnavailable"})),
                StatusCode::OK,
            );
            assert_eq!(Challenge::try_from(&retry).unwrap_err(), NoChallenge);
        }
    }

    #[cfg(feature = "prometeo")]
    mod prometeo_statuses {
        use super::*;
        use prometeo::LoginStatus;

        fn interaction(context: &str, field: &str) -> LoginStatus {
            LoginStatus::InteractionRequired {
                context: context.into(),
                field: field.into(),
            }
        }

        #[test]
        fn interactions_are_questions_or_codes_in_their_field() {
            let cases = [
                (
                    interaction("Nombre de tu primera mascota?", "personal_question"),
                    ChallengeKind::TextQuestion {
                        prompt: "Nombre de tu primera mascota?".into(),
                        masked: false,
                    },
                ),
                (
                    interaction("Ingrese el código enviado", "otp"),
                    ChallengeKind::Otp {
                        prompt: "Ingrese el código enviado".into(),
                        label: None,
                    },
                ),
                (
                    interaction("Ingrese su token", "token"),
                    ChallengeKind::Otp {
                        prompt: "Ingrese su token".into(),
                        label: None,
                    },
                ),
            ];
            for (status, kind) in cases {
                let challenge = Challenge::try_from(&status).expect("a challenge");
                let LoginStatus::InteractionRequired { field, .. } = &status else {
                    unreachable!()
                };
                assert_eq!(challenge.provider(), Provider::Prometeo);
                assert_eq!(challenge.message(), None);
                assert_eq!(
                    challenge.items(),
                    &[ChallengeItem::new(kind).with_field(field.as_str())]
                );
                assert!(
                    matches!(challenge.original(), ProviderChallenge::Prometeo(s) if *s == status)
                );
                assert_eq!(challenge.to_string().lines().next(), Some("prometeo asks:"));
            }
        }

        #[test]
        fn other_statuses_ask_nothing() {
            for status in [
                LoginStatus::LoggedIn,
                LoginStatus::SelectClient,
                LoginStatus::Other("brand_new".into()),
            ] {
                assert_eq!(Challenge::try_from(&status).unwrap_err(), NoChallenge);
            }
            assert_eq!(
                NoChallenge.to_string(),
                "the provider asks nothing of the user"
            );
        }
    }
}
