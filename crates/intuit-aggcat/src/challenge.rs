//! Challenges (multi-factor questions) and their answers.
//!
//! A discovery or a login update that needs more from the user is answered by Intuit with a 401,
//! the headers `challengeSessionId` and `challengeNodeId`, and a `Challenges` body. This crate
//! turns that into a [`ChallengeSet`]: the questions, typed ([`ChallengeKind`]: text, choice,
//! image), and the session they belong to. Answering continues the same login; Intuit may ask
//! another round, which comes back as another `ChallengeSet`.

use std::fmt;
use std::marker::PhantomData;

use base64::Engine;
use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;
use crate::ids::{InstitutionId, LoginId};
use crate::models::{AccountList, Challenges, RawChallenge};
use crate::Client;

/// The challenge session a set of questions belongs to: the `challengeSessionId` and
/// `challengeNodeId` headers of the 401, to send back with the answers (on the same OAuth
/// token and customer, within the session's lifetime, or Intuit answers 408).
///
/// Keep it (e.g. in the user's web session) between showing the questions and sending answers.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ChallengeSession {
    session_id: String,
    node_id: String,
}

impl ChallengeSession {
    /// A session from the two header values.
    pub fn new(session_id: impl Into<String>, node_id: impl Into<String>) -> Self {
        ChallengeSession {
            session_id: session_id.into(),
            node_id: node_id.into(),
        }
    }

    /// The `challengeSessionId` header value.
    pub fn session_id(&self) -> &str {
        &self.session_id
    }

    /// The `challengeNodeId` header value.
    pub fn node_id(&self) -> &str {
        &self.node_id
    }
}

impl fmt::Debug for ChallengeSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The session id lets whoever holds the token answer the challenge: show a prefix only.
        let prefix: String = self.session_id.chars().take(8).collect();
        f.debug_struct("ChallengeSession")
            .field("session_id", &format!("{prefix}…"))
            .field("node_id", &self.node_id)
            .finish()
    }
}

/// One option of a multiple-choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Choice {
    /// What to show the user.
    pub text: String,
    /// What to send back as the answer.
    pub value: String,
}

/// An image to show the user (e.g. a site key picture or a captcha).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChallengeImage {
    /// The image bytes, decoded from base64.
    pub bytes: Vec<u8>,
    /// The MIME type guessed from the bytes (`image/jpeg`, `image/png`, `image/gif`, or
    /// `application/octet-stream`).
    pub mime_type: &'static str,
}

impl fmt::Debug for ChallengeImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ChallengeImage({}, {} bytes)",
            self.mime_type,
            self.bytes.len()
        )
    }
}

impl ChallengeImage {
    fn from_base64(text: &str) -> Result<Self, Error> {
        let compact: String = text.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map_err(|e| Error::decode("Challenges", format!("image is not base64: {e}")))?;
        let mime_type = match bytes.as_slice() {
            [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
            [0x89, b'P', b'N', b'G', ..] => "image/png",
            [b'G', b'I', b'F', b'8', ..] => "image/gif",
            [b'B', b'M', ..] => "image/bmp",
            _ => "application/octet-stream",
        };
        Ok(ChallengeImage { bytes, mime_type })
    }
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Challenge {
    /// The question's text(s), in order.
    pub texts: Vec<String>,
    /// Images to show with it.
    pub images: Vec<ChallengeImage>,
    /// Options, for a multiple-choice question.
    pub choices: Vec<Choice>,
}

/// What kind of question a [`Challenge`] is.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeKind<'a> {
    /// A free-text question ("Enter your first pet's name:").
    Text {
        /// The question.
        question: &'a str,
    },
    /// Pick one option; answer with its [`Choice::value`].
    Choice {
        /// The question.
        question: &'a str,
        /// The options.
        choices: &'a [Choice],
    },
    /// Look at an image and answer in text.
    Image {
        /// The question.
        question: &'a str,
        /// The image.
        image: &'a ChallengeImage,
    },
}

impl Challenge {
    fn from_raw(raw: RawChallenge) -> Result<Self, Error> {
        Ok(Challenge {
            texts: raw.text,
            images: raw
                .image
                .iter()
                .map(|i| ChallengeImage::from_base64(i))
                .collect::<Result<_, _>>()?,
            choices: raw
                .choice
                .into_iter()
                .map(|c| {
                    let text = c.text.unwrap_or_default();
                    // A choice without a value is answered with its text.
                    let value = c.val.unwrap_or_else(|| text.clone());
                    Choice { text, value }
                })
                .collect(),
        })
    }

    /// The question's text (the texts joined by a space).
    pub fn question(&self) -> String {
        self.texts.join(" ")
    }

    /// The kind of question: choices win over images, images over text.
    pub fn kind(&self) -> ChallengeKind<'_> {
        let question = self.texts.first().map(String::as_str).unwrap_or("");
        if !self.choices.is_empty() {
            ChallengeKind::Choice {
                question,
                choices: &self.choices,
            }
        } else if let Some(image) = self.images.first() {
            ChallengeKind::Image { question, image }
        } else {
            ChallengeKind::Text { question }
        }
    }
}

/// Where answers go: back to the discovery of an institution, or to a login update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    Discovery(InstitutionId),
    LoginUpdate { login_id: LoginId, refresh: bool },
}

/// A round of questions, and how to answer them.
///
/// `Next` is what answering returns: [`Discovery`] for a discovery (accounts, or another round),
/// [`LoginUpdate`] for a login update.
#[derive(Clone, PartialEq, Eq)]
pub struct ChallengeSet<Next = Discovery> {
    session: ChallengeSession,
    challenges: Vec<Challenge>,
    origin: Origin,
    next: PhantomData<fn() -> Next>,
}

impl<Next> fmt::Debug for ChallengeSet<Next> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChallengeSet")
            .field("session", &self.session)
            .field("challenges", &self.challenges)
            .field("origin", &self.origin)
            .finish()
    }
}

impl<Next> ChallengeSet<Next> {
    pub(crate) fn from_response(
        session: ChallengeSession,
        body: Challenges,
        origin: Origin,
    ) -> Result<Self, Error> {
        let challenges = body
            .challenges
            .into_iter()
            .map(Challenge::from_raw)
            .collect::<Result<Vec<_>, _>>()?;
        if challenges.is_empty() {
            return Err(Error::decode("Challenges", "a challenge without questions"));
        }
        Ok(ChallengeSet {
            session,
            challenges,
            origin,
            next: PhantomData,
        })
    }

    /// The questions, in the order their answers must be given.
    pub fn challenges(&self) -> &[Challenge] {
        &self.challenges
    }

    /// The session to answer in.
    pub fn session(&self) -> &ChallengeSession {
        &self.session
    }

    /// Checks that there is one non-blank answer per question.
    fn check(&self, answers: &Answers) -> Result<(), Error> {
        if answers.len() != self.challenges.len() {
            return Err(Error::invalid_request(format!(
                "{} answers for {} questions",
                answers.len(),
                self.challenges.len()
            )));
        }
        Ok(())
    }
}

impl ChallengeSet<Discovery> {
    /// The institution being discovered.
    pub fn institution_id(&self) -> Option<&InstitutionId> {
        match &self.origin {
            Origin::Discovery(id) => Some(id),
            Origin::LoginUpdate { .. } => None,
        }
    }

    /// Sends the answers (one per question, in order; for a choice, its value) and continues
    /// the discovery: accounts, or another round of questions.
    pub async fn answer(
        &self,
        client: &Client,
        answers: impl Into<Answers>,
    ) -> Result<Discovery, Error> {
        let answers = answers.into();
        self.check(&answers)?;
        let Origin::Discovery(institution_id) = &self.origin else {
            return Err(Error::invalid_request("not a discovery challenge"));
        };
        client
            .confirm_challenge(institution_id, &self.session, answers)
            .await
    }
}

impl ChallengeSet<LoginUpdate> {
    /// The login being updated.
    pub fn login_id(&self) -> Option<&LoginId> {
        match &self.origin {
            Origin::LoginUpdate { login_id, .. } => Some(login_id),
            Origin::Discovery(_) => None,
        }
    }

    /// Sends the answers and continues the login update.
    pub async fn answer(
        &self,
        client: &Client,
        answers: impl Into<Answers>,
    ) -> Result<LoginUpdate, Error> {
        let answers = answers.into();
        self.check(&answers)?;
        let Origin::LoginUpdate { login_id, refresh } = &self.origin else {
            return Err(Error::invalid_request("not a login update challenge"));
        };
        client
            .update_challenge(login_id, &self.session, answers, *refresh)
            .await
    }
}

/// The outcome of a discovery (or of answering its challenges).
#[non_exhaustive]
#[derive(Debug, Clone)]
pub enum Discovery {
    /// The login worked: the accounts found (HTTP 201).
    Accounts(AccountList),
    /// The institution asks questions first (HTTP 401 with a challenge session).
    Challenge(ChallengeSet<Discovery>),
}

/// The outcome of a login update (or of answering its challenges).
#[non_exhaustive]
#[derive(Debug, Clone)]
pub enum LoginUpdate {
    /// Intuit accepted the update (HTTP 200).
    Updated,
    /// The institution asks questions first.
    Challenge(ChallengeSet<LoginUpdate>),
}

/// Answers to a round of questions, in order. Their `Debug` shows only how many there are.
///
/// ```
/// use intuit_aggcat::Answers;
///
/// let answers = Answers::from(["Black Cat", "Meow High School"]);
/// assert_eq!(answers.len(), 2);
/// assert_eq!(format!("{answers:?}"), "Answers([2 redacted])");
/// ```
#[derive(Clone, Default)]
pub struct Answers(Vec<SecretString>);

impl Answers {
    /// No answers yet.
    pub fn new() -> Self {
        Answers::default()
    }

    /// Adds the next answer.
    pub fn push(&mut self, answer: impl Into<String>) -> &mut Self {
        self.0.push(SecretString::from(answer.into()));
        self
    }

    /// Adds the next answer (builder style).
    pub fn with(mut self, answer: impl Into<String>) -> Self {
        self.push(answer);
        self
    }

    /// Adds the chosen option of a choice question (its value).
    pub fn with_choice(self, choice: &Choice) -> Self {
        self.with(choice.value.clone())
    }

    /// How many answers.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The answers for the request body, refusing blank ones (the schema requires a
    /// non-space character).
    pub(crate) fn expose(&self) -> Result<Vec<String>, Error> {
        if self.0.is_empty() {
            return Err(Error::invalid_request("no answers"));
        }
        self.0
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let a = a.expose_secret();
                if a.trim().is_empty() {
                    Err(Error::invalid_request(format!("answer {} is blank", i + 1)))
                } else {
                    Ok(a.to_owned())
                }
            })
            .collect()
    }
}

impl fmt::Debug for Answers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Answers([{} redacted])", self.0.len())
    }
}

impl<S: Into<String>, const N: usize> From<[S; N]> for Answers {
    fn from(answers: [S; N]) -> Self {
        answers.into_iter().fold(Answers::new(), Answers::with)
    }
}

impl<S: Into<String>> From<Vec<S>> for Answers {
    fn from(answers: Vec<S>) -> Self {
        answers.into_iter().fold(Answers::new(), Answers::with)
    }
}

impl<S: Into<String>> FromIterator<S> for Answers {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        iter.into_iter().fold(Answers::new(), Answers::with)
    }
}
