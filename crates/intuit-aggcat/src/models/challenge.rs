//! `Challenges` (challenge/v1), the body of a 401 that asks the user more questions. These are
//! the wire shapes; [`crate::challenge`] turns them into typed questions.

use yaserde::YaDeserialize;

/// The challenge questions of one round.
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "Challenges",
    prefix = "ch",
    namespaces = { "ch" = "http://schema.intuit.com/platform/fdatafeed/challenge/v1" }
)]
#[non_exhaustive]
pub struct Challenges {
    /// The questions, in the order their answers must be sent.
    #[yaserde(rename = "challenge", prefix = "ch")]
    pub challenges: Vec<RawChallenge>,
}

/// One question as sent: texts and/or base64 images, then choices.
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "challenge",
    prefix = "ch",
    namespaces = { "ch" = "http://schema.intuit.com/platform/fdatafeed/challenge/v1" }
)]
#[non_exhaustive]
pub struct RawChallenge {
    /// The question's text(s).
    #[yaserde(rename = "text", prefix = "ch")]
    pub text: Vec<String>,
    /// Base64 image(s) to show.
    #[yaserde(rename = "image", prefix = "ch")]
    pub image: Vec<String>,
    /// The options of a multiple-choice question.
    #[yaserde(rename = "choice", prefix = "ch")]
    pub choice: Vec<RawChoice>,
}

/// One option of a multiple-choice question.
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "choice",
    prefix = "ch",
    namespaces = { "ch" = "http://schema.intuit.com/platform/fdatafeed/challenge/v1" }
)]
#[non_exhaustive]
pub struct RawChoice {
    /// What to show.
    #[yaserde(rename = "text", prefix = "ch")]
    pub text: Option<String>,
    /// What to send back.
    #[yaserde(rename = "val", prefix = "ch")]
    pub val: Option<String>,
}
