//! Ready-made scenarios on the typed helpers: the token endpoint, and a discovery with rounds
//! of questions, each answer matched exactly.

use std::fmt;

use httpmock::{Mock, MockServer};

use super::operations::MockServerExt;
use super::sample::{Account, Question};
use super::{CONSUMER_KEY, CUSTOMER_ID, NODE_ID};
use crate::{Answers, ChallengeSession, Credentials, InstitutionId};

/// The token endpoint for [`client_builder`](super::client_builder)'s client: a SAML
/// assertion that verifies (signature, issuer, audience, validity, [`CUSTOMER_ID`]), with
/// the mock consumer key, gets the token that the typed helpers' `signed()` expects.
pub async fn token_endpoint(server: &MockServer) -> Mock<'_> {
    server.get_access_token(|when, then| {
        when.consumer_key(CONSUMER_KEY)
            .verified_assertion(CUSTOMER_ID);
        then.ok_default();
    })
}

/// One round of questions of a challenge, and the answers that pass it.
#[derive(Debug, Clone)]
pub struct ChallengeRound {
    /// The questions asked.
    pub questions: Vec<Question>,
    /// The answers expected, in order.
    pub answers: Answers,
}

impl ChallengeRound {
    /// Questions and the answers that pass them.
    pub fn new(questions: Vec<Question>, answers: impl Into<Answers>) -> Self {
        ChallengeRound {
            questions,
            answers: answers.into(),
        }
    }
}

/// The mocks of [`discovery_with_challenge_rounds`].
pub struct ChallengeRoundsMocks<'a> {
    /// The discovery with the credentials, answered with the first round's questions.
    pub login: Mock<'a>,
    /// One per round: its answers, answered with the next round's questions, or (the last)
    /// with the accounts.
    pub answers: Vec<Mock<'a>>,
}

impl fmt::Debug for ChallengeRoundsMocks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let answers: Vec<usize> = self.answers.iter().map(Mock::id).collect();
        f.debug_struct("ChallengeRoundsMocks")
            .field("login", &self.login.id())
            .field("answers", &answers)
            .finish()
    }
}

impl ChallengeRoundsMocks<'_> {
    /// Asserts that the login and every round were answered once.
    pub async fn assert_completed(&self) {
        self.login.assert_calls_async(1).await;
        for answer in &self.answers {
            answer.assert_calls_async(1).await;
        }
    }
}

/// The challenge session of round `n` (1-based).
pub fn round_session(n: usize) -> ChallengeSession {
    ChallengeSession::new(format!("mock-round-{n}"), NODE_ID)
}

/// A discovery (`POST /institutions/{id}/logins`, signed) that asks `rounds` of questions
/// before it adds `accounts`: the credentials are answered with the first round's questions in
/// the session [`round_session`]`(1)`; the answers of round *n*, in that session, with the
/// questions of round *n + 1* in the session of *n + 1*, or after the last round with HTTP 201
/// and the accounts. Any other body or session is not matched (httpmock's 404). Mount
/// [`token_endpoint`] too.
///
/// ```
/// use intuit_aggcat::mock::{self, sample::{self, Question}, ChallengeRound};
/// use intuit_aggcat::{Credentials, Discovery};
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let server = httpmock::MockServer::start_async().await;
/// mock::token_endpoint(&server).await;
/// let credentials = Credentials::new().with("Banking Userid", "me").with("Banking Password", "pw");
/// let rounds = [
///     ChallengeRound::new(vec![Question::text("Pet?")], ["Rex"]),
///     ChallengeRound::new(vec![Question::choice("Color?", &[("Red", "1"), ("Blue", "2")])], ["2"]),
/// ];
/// let flow = mock::discovery_with_challenge_rounds(
///     &server, 100000, &credentials, &rounds, &sample::sandbox_accounts(),
/// ).await;
///
/// let client = mock::client_builder(&server).build()?;
/// let Discovery::Challenge(first) = client.discover_and_add_accounts(100000, credentials).await? else { panic!() };
/// let Discovery::Challenge(second) = first.answer(&client, ["Rex"]).await? else { panic!() };
/// let Discovery::Accounts(accounts) = second.answer(&client, ["2"]).await? else { panic!() };
/// assert_eq!(accounts.accounts.len(), 10);
/// flow.assert_completed().await;
/// # Ok::<_, intuit_aggcat::Error>(()) }).unwrap();
/// ```
pub async fn discovery_with_challenge_rounds<'a>(
    server: &'a MockServer,
    institution_id: impl Into<InstitutionId>,
    credentials: &Credentials,
    rounds: &[ChallengeRound],
    accounts: &[Account],
) -> ChallengeRoundsMocks<'a> {
    let institution_id = institution_id.into();
    let login = server.discover_and_add_accounts(|when, then| {
        when.signed()
            .institution_id(&institution_id)
            .credentials(credentials);
        match rounds.first() {
            Some(round) => then.challenge(&round_session(1), &round.questions),
            None => then.created(accounts),
        };
    });
    let mut answers = Vec::new();
    for (i, round) in rounds.iter().enumerate() {
        let answer = server.discover_and_add_accounts(|when, then| {
            when.signed()
                .institution_id(&institution_id)
                .challenge_session(&round_session(i + 1))
                .answers(&round.answers);
            match rounds.get(i + 1) {
                Some(next) => then.challenge(&round_session(i + 2), &next.questions),
                None => then.created(accounts),
            };
        });
        answers.push(answer);
    }
    ChallengeRoundsMocks { login, answers }
}
