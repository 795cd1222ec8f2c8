//! Each provider's challenges, produced by its mock server, converted into the facade's
//! `Challenge` (one test per kind each provider has) and answered with the provider's own value.

use bankapi::{Challenge, ChallengeImage, ChallengeItem, ChallengeKind, ChoiceOption, NoChallenge};
use bankapi::{Provider, ProviderChallenge};
use httpmock::Method::POST;
use serde_json::{json, Value};

mod finapi {
    use super::*;
    use bankapi::finapi::mock::{self, sample, MockFinApi};
    use bankapi::finapi::Outcome;

    /// The common challenge of an import that finAPI answers with this multi-step
    /// authentication (fields over the documented TAN challenge).
    async fn challenge_of(fields: Value) -> Challenge {
        let mut body = sample::msa_challenge(mock::DEMO_MSA_HASH);
        let msa = &mut body["errors"][0]["multiStepAuthentication"];
        for (name, value) in fields.as_object().unwrap() {
            msa[name] = value.clone();
        }
        let server = MockFinApi::start().await;
        let import = server
            .server()
            .mock_async(|when, then| {
                when.method(POST).path("/api/v1/bankConnections/import");
                then.status(510).json_body(body);
            })
            .await;
        let client = server.client_builder().build().unwrap();
        let outcome = client
            .import_bank_connection_flow(mock::demo_import_params())
            .await
            .unwrap();
        let Outcome::NeedsUser(challenge) = outcome else {
            panic!("a challenge")
        };
        import.assert_async().await;
        let common = Challenge::from(&challenge);
        assert_eq!(common.provider(), Provider::FinApi);
        let ProviderChallenge::FinApi(details) = common.original() else {
            panic!("finAPI's value")
        };
        assert_eq!(details.hash, mock::DEMO_MSA_HASH);
        common
    }

    fn only(challenge: &Challenge) -> &ChallengeKind {
        assert_eq!(challenge.items().len(), 1);
        assert_eq!(challenge.items()[0].field, None);
        &challenge.items()[0].kind
    }

    const MESSAGE: &str = "Es ist eine zusätzliche Authentifizierung erforderlich. Bitte geben Sie folgenden Code an: 123456";

    #[tokio::test]
    async fn tan_is_a_one_time_code() {
        let challenge = challenge_of(json!({})).await;
        assert_eq!(
            only(&challenge),
            &ChallengeKind::Otp {
                prompt: MESSAGE.into(),
                label: Some("TAN".into())
            }
        );
        assert_eq!(challenge.message(), Some(MESSAGE));
        assert_eq!(challenge.answers_expected(), 1);
        // The message is the code's prompt: it shows once.
        assert_eq!(
            challenge.to_string(),
            format!("finapi asks:\n  - one-time code: {MESSAGE} [TAN]")
        );
    }

    #[tokio::test]
    async fn photo_tan_is_an_image() {
        let challenge = challenge_of(json!({
            "challengeMessage": "Scan the photoTAN",
            "photoTanMimeType": "image/png",
            "photoTanData": "iVBORw0KGgo="
        }))
        .await;
        assert_eq!(
            only(&challenge),
            &ChallengeKind::Image {
                prompt: "Scan the photoTAN".into(),
                image: ChallengeImage::new("image/png", b"\x89PNG\r\n\x1a\n".to_vec()),
            }
        );
    }

    #[tokio::test]
    async fn procedures_are_a_choice() {
        let challenge = challenge_of(json!({
            "status": "TWO_STEP_PROCEDURE_REQUIRED",
            "challengeMessage": null,
            "answerFieldLabel": null,
            "twoStepProcedures": [
                sample::two_step_procedure("955", "mobileTAN"),
                sample::two_step_procedure("956", "pushTAN")
            ]
        }))
        .await;
        assert_eq!(
            only(&challenge),
            &ChallengeKind::Choice {
                prompt: "Choose a two-step procedure".into(),
                options: vec![
                    ChoiceOption::new("955", "mobileTAN"),
                    ChoiceOption::new("956", "pushTAN")
                ],
            }
        );
        assert_eq!(challenge.message(), None);
    }

    #[tokio::test]
    async fn redirect_has_its_url() {
        let challenge = challenge_of(json!({
            "status": "REDIRECT_REQUIRED",
            "challengeMessage": null,
            "redirectUrl": "https://bank.example/sca?ctx=1",
            "redirectContext": "ctx-1",
            "redirectContextField": "ctx"
        }))
        .await;
        assert_eq!(
            only(&challenge),
            &ChallengeKind::Redirect {
                url: Some("https://bank.example/sca?ctx=1".into())
            }
        );
        assert_eq!(challenge.answers_expected(), 0);
    }

    #[tokio::test]
    async fn decoupled_is_an_approval() {
        let challenge = challenge_of(json!({
            "status": "DECOUPLED_AUTH_REQUIRED",
            "challengeMessage": "Bitte bestätigen Sie in Ihrer Banking-App"
        }))
        .await;
        assert_eq!(
            only(&challenge),
            &ChallengeKind::DecoupledApproval {
                message: Some("Bitte bestätigen Sie in Ihrer Banking-App".into())
            }
        );
    }

    #[tokio::test]
    async fn unknown_status_is_other() {
        let challenge = challenge_of(json!({"status": "SOMETHING_NEW"})).await;
        assert_eq!(
            only(&challenge),
            &ChallengeKind::Other {
                description: "finAPI multi-step authentication status SOMETHING_NEW".into()
            }
        );
    }
}

mod intuit {
    use super::*;
    use bankapi::intuit_aggcat::{mock, Answers, Client, Credentials, Discovery};

    async fn discover(user: &str) -> (httpmock::MockServer, Client, Discovery) {
        let server = httpmock::MockServer::start_async().await;
        mock::mount_sandbox(&server).await;
        let client = mock::client_builder(&server).build().unwrap();
        let credentials: Credentials = [("Banking Userid", user), ("Banking Password", "go")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let discovery = client
            .discover_and_add_accounts(mock::INSTITUTION_ID, credentials)
            .await
            .unwrap();
        (server, client, discovery)
    }

    /// The common challenge of a discovery, answered through the original set with `answers`.
    async fn answer(challenge: &Challenge, client: &Client, answers: Answers) -> Discovery {
        let ProviderChallenge::IntuitDiscovery(set) = challenge.original() else {
            panic!("Intuit's discovery questions")
        };
        set.answer(client, answers).await.unwrap()
    }

    #[tokio::test]
    async fn text_questions_in_two_rounds() {
        let (_server, client, discovery) = discover("tfa_text2").await;
        let first = Challenge::try_from(&discovery).unwrap();
        assert_eq!(first.provider(), Provider::IntuitAggcat);
        assert_eq!(
            first.items(),
            &[ChallengeItem::new(ChallengeKind::TextQuestion {
                prompt: "Enter your first pet's name:".into(),
                masked: false
            })]
        );
        let second = answer(&first, &client, Answers::from(["Black Cat"])).await;
        let second = Challenge::try_from(&second).unwrap();
        let prompts: Vec<_> = second.items().iter().map(|i| i.kind.prompt()).collect();
        assert_eq!(
            prompts,
            [
                Some("Enter your high school's name:"),
                Some("Enter the city you were born in:")
            ]
        );
        assert_eq!(second.answers_expected(), 2);
        let done = answer(&second, &client, Answers::from(["Meow High", "Catville"])).await;
        assert!(matches!(&done, Discovery::Accounts(list) if list.accounts.len() == 10));
        assert_eq!(Challenge::try_from(&done).unwrap_err(), NoChallenge);
    }

    #[tokio::test]
    async fn multiple_choice_is_a_choice() {
        let (_server, client, discovery) = discover("tfa_choice").await;
        let challenge = Challenge::try_from(&discovery).unwrap();
        assert_eq!(
            challenge.items()[0].kind,
            ChallengeKind::Choice {
                prompt: "Which color was your first car?".into(),
                options: vec![
                    ChoiceOption::new("1", "Red"),
                    ChoiceOption::new("2", "Green"),
                    ChoiceOption::new("3", "Blue")
                ],
            }
        );
        // The choice's value is the answer.
        let ChallengeKind::Choice { options, .. } = &challenge.items()[0].kind else {
            unreachable!()
        };
        let done = answer(
            &challenge,
            &client,
            Answers::from([options[1].value.clone()]),
        )
        .await;
        assert!(matches!(done, Discovery::Accounts(_)));
    }

    #[tokio::test]
    async fn image_question_is_an_image() {
        let (_server, _client, discovery) = discover("tfa_image").await;
        let challenge = Challenge::try_from(&discovery).unwrap();
        let ChallengeKind::Image { prompt, image } = &challenge.items()[0].kind else {
            panic!("an image: {challenge}")
        };
        assert_eq!(prompt, "Enter the characters shown in the image:");
        assert_eq!(image.mime_type, "image/jpeg");
        assert_eq!(image.bytes.len(), 20);
        assert_eq!(&image.bytes[..3], &[0xFF, 0xD8, 0xFF]);
    }
}

/// Budgea's SMS step, from the connection outcome to the answer.
#[tokio::test]
async fn budgea_sms_code_is_answered_in_its_field() {
    use bankapi::budgea::connections::{FieldValues, NewConnection};
    use bankapi::budgea::mock::{self, MockApi};

    let api = MockApi::start().await;
    let scenario = api.connection_with_otp().await;
    let client = api.user_client();
    let request = NewConnection::connector_id(mock::BANK_ID)
        .field("website", "par")
        .field("login", "12345678")
        .field("password", "123456");
    let outcome = client.create_connection(&request).await.unwrap();

    let challenge = Challenge::try_from(&outcome).unwrap();
    assert_eq!(challenge.provider(), Provider::Budgea);
    assert_eq!(
        challenge.items(),
        &[ChallengeItem::new(ChallengeKind::Otp {
            prompt: "Code reçu par SMS".into(),
            label: None
        })
        .with_field("otp")]
    );
    let ProviderChallenge::Budgea {
        connection_id: Some(id),
        ..
    } = challenge.original()
    else {
        panic!("Budgea's action, with its connection")
    };
    let field = challenge.items()[0].field.clone().unwrap();
    let values = FieldValues::new().with(field, mock::OTP);
    let outcome = client.answer_connection(*id, &values).await.unwrap();
    assert!(outcome.is_synced());
    assert_eq!(Challenge::try_from(&outcome).unwrap_err(), NoChallenge);
    scenario.answer.assert_async().await;
}

/// Prometeo's interaction, from the login status to the answer.
#[tokio::test]
async fn prometeo_otp_is_answered_in_its_field() {
    use bankapi::prometeo::mock::{self, MockPrometeo};
    use bankapi::prometeo::Login;

    let server = MockPrometeo::start().await;
    server
        .login_interaction_required("Ingrese el código enviado por SMS", "otp")
        .await;
    let finish = server.finish_login("otp", "8888").await;
    let login = Login::new(mock::PROVIDER, mock::USERNAME, mock::PASSWORD);
    let mut session = server.client().login(&login).await.unwrap();

    let challenge = Challenge::try_from(session.status()).unwrap();
    assert_eq!(challenge.provider(), Provider::Prometeo);
    assert_eq!(
        challenge.items(),
        &[ChallengeItem::new(ChallengeKind::Otp {
            prompt: "Ingrese el código enviado por SMS".into(),
            label: None
        })
        .with_field("otp")]
    );
    session.finish_login(&login, "8888").await.unwrap();
    assert!(session.status().is_logged_in());
    assert_eq!(
        Challenge::try_from(session.status()).unwrap_err(),
        NoChallenge
    );
    finish.assert_async().await;
}
