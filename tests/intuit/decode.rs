//! Every response fixture decodes into the values it holds; tolerance with mutated fixtures.

use intuit_aggcat::models::{
    Account, AccountList, BankingAccountType, Challenges, CreditAccountType, InstitutionDetail,
    Institutions, InvSecurityType, InvestmentAccountType, InvestmentPositions, LoanType,
    NotRefreshedReason, Status, Transaction, TransactionList,
};
use intuit_aggcat::{ErrorKind, ProviderError};

use crate::support::fixture;

#[test]
fn python_discovery_account_list_keeps_document_order_and_every_field() {
    let body = fixture("python-aggcat/resp_201_discover_and_add_accounts_accountlist_mixed.xml");
    let list = AccountList::from_xml(body.as_bytes()).unwrap();
    // Same count as elements in the document, in the same order.
    assert_eq!(
        list.accounts.len(),
        body.matches("Account><accountId>").count()
    );
    let kinds: Vec<_> = list.accounts.iter().map(Account::kind_name).collect();
    assert_eq!(
        kinds,
        [
            "CreditAccount",
            "BankingAccount",
            "CreditAccount",
            "InvestmentAccount",
            "LoanAccount",
            "BankingAccount",
            "BankingAccount",
            "InvestmentAccount",
            "InvestmentAccount",
            "LoanAccount"
        ]
    );
    let numbers: Vec<_> = list
        .accounts
        .iter()
        .map(|a| a.account_number().unwrap().as_str())
        .collect();
    assert_eq!(
        numbers,
        [
            "4100007777",
            "2000005555",
            "8000006666",
            "2000004444",
            "8000008888",
            "1000001111",
            "1000002222",
            "0000000001",
            "0000000000",
            "1000000001"
        ]
    );
    let Account::Credit(visa) = &list.accounts[0] else {
        panic!()
    };
    assert_eq!(visa.account_id, "400004530271");
    assert_eq!(visa.status.as_deref(), Some("ACTIVE"));
    assert_eq!(visa.account_nickname.as_deref(), Some("My Visa"));
    assert_eq!(visa.display_position, Some(2));
    assert_eq!(visa.institution_id.as_ref().unwrap(), "100000");
    assert_eq!(visa.institution_login_id.as_ref().unwrap(), "82440124");
    assert_eq!(
        visa.credit_account_type,
        Some(CreditAccountType::CreditCard)
    );
    assert_eq!(visa.current_balance.unwrap().to_string(), "-811.52");
    assert_eq!(visa.statement_close_balance.unwrap().to_string(), "-811.52");
    assert_eq!(
        visa.statement_end_date.unwrap().to_string(),
        "2020-03-01T00:00:00-08:00"
    );
    assert_eq!(
        visa.aggr_success_date.unwrap().to_string(),
        "2013-08-11T08:52:26.397-07:00"
    );
    assert_eq!(visa.aggr_status_code.as_deref(), Some("0"));
    assert!(visa.balance_amount.is_none());
    let Account::Banking(cd) = &list.accounts[1] else {
        panic!()
    };
    assert_eq!(cd.banking_account_type, Some(BankingAccountType::Cd));
    assert_eq!(cd.currency_code.as_deref(), Some("INR"));
    assert_eq!(cd.balance_amount.unwrap().to_string(), "811.52");
    let Account::Investment(retirement) = &list.accounts[7] else {
        panic!()
    };
    assert_eq!(
        retirement.investment_account_type,
        Some(InvestmentAccountType::Plan401K)
    );
    assert_eq!(retirement.current_balance.unwrap().to_string(), "811.52");
    let Account::Loan(auto) = &list.accounts[4] else {
        panic!()
    };
    assert_eq!(auto.loan_type, Some(LoanType::Loan));
    assert_eq!(auto.description.as_deref(), Some("Description"));
    assert_eq!(auto.next_payment.unwrap().to_string(), "811.52");
    assert_eq!(auto.autopay_enrolled, Some(true));
    assert_eq!(auto.first_mortgage, Some(false));
    assert_eq!(auto.collateral.as_deref(), Some("811.52"));
    assert_eq!(auto.current_school.as_deref(), Some("Cur School"));
    assert_eq!(auto.original_school.as_deref(), Some("Orig School"));
    assert_eq!(auto.guarantor.as_deref(), Some("Guarantor"));
    assert_eq!(auto.lender.as_deref(), Some("Lender"));
    assert_eq!(auto.loan_payment_freq.as_deref(), Some("MONTHLY"));
    assert_eq!(auto.payment_min_amount.unwrap().to_string(), "811.52");
    assert_eq!(auto.recurring_payment_amount.unwrap().to_string(), "811.52");
    assert_eq!(
        auto.first_payment_date.unwrap().to_string(),
        "2020-04-01T00:00:00-07:00"
    );
    let Account::Loan(mortgage) = &list.accounts[9] else {
        panic!()
    };
    assert_eq!(mortgage.loan_type, Some(LoanType::Mortgage));
}

#[test]
fn cloocher_customer_accounts_decode_all_27_of_every_kind() {
    let body = fixture("cloocher-aggcat/resp_200_get_customer_accounts_accountlist_all_types.xml");
    let list = AccountList::from_xml(body.as_bytes()).unwrap();
    let opened = body.matches("<accountId>").count();
    assert_eq!(opened, 27);
    assert_eq!(list.accounts.len(), 27);
    let count = |kind: &str| {
        list.accounts
            .iter()
            .filter(|a| a.kind_name() == kind)
            .count()
    };
    for kind in [
        "BankingAccount",
        "LoanAccount",
        "InvestmentAccount",
        "CreditAccount",
        "OtherAccount",
    ] {
        assert_eq!(
            count(kind),
            body.matches(&format!(":{kind}>")).count() / 2,
            "{kind}"
        );
    }
    assert!(count("OtherAccount") > 0 && count("CreditAccount") > 0);
    let Account::Banking(first) = &list.accounts[0] else {
        panic!()
    };
    assert_eq!(first.account_id, "75000033002");
    assert_eq!(first.balance_amount.unwrap().to_string(), "227.2");
    assert!(first.institution_login_id.is_none());
    let Account::Loan(military) = &list.accounts[1] else {
        panic!()
    };
    assert_eq!(military.loan_type, Some(LoanType::Military));
    // Trailing zeros are kept as sent.
    assert_eq!(military.collateral.as_deref(), Some("90227.20"));
    assert_eq!(military.balance_amount.unwrap().to_string(), "90227.2");
    // Every account has its id and number.
    assert!(list
        .accounts
        .iter()
        .all(|a| !a.account_id().as_str().is_empty() && a.account_number().is_some()));
}

#[test]
fn single_account_with_a_misbound_prefix_still_decodes_and_keeps_leading_zeros() {
    // Intuit's doc sample binds BankingAccount to the otheraccount prefix by mistake.
    let list = AccountList::from_xml(
        fixture("cloocher-aggcat/resp_200_get_account_accountlist_single_banking.xml").as_bytes(),
    )
    .unwrap();
    assert_eq!(list.accounts.len(), 1);
    let Account::Banking(account) = &list.accounts[0] else {
        panic!("{:?}", list.accounts[0])
    };
    assert_eq!(account.account_id, "000000000001");
    assert_eq!(account.account_id.as_u64(), Some(1));
    assert_eq!(account.account_number.as_deref(), Some("000000000001"));
    assert_eq!(
        account.institution_login_id.as_ref().unwrap(),
        "00000000001"
    );
    assert_eq!(
        account.banking_account_type,
        Some(BankingAccountType::Checking)
    );
    assert_eq!(account.balance_amount.unwrap().to_string(), "1000");
}

#[test]
fn institutions_list_decodes_every_entry() {
    let body = fixture("cloocher-aggcat/resp_200_institutions_list.xml");
    let list = Institutions::from_xml(body.as_bytes()).unwrap();
    assert_eq!(list.institutions.len(), 10);
    assert_eq!(
        list.institutions.len(),
        body.matches("<institution>").count()
    );
    let first = &list.institutions[0];
    assert_eq!(first.institution_id, "100000");
    assert_eq!(first.institution_name.as_deref(), Some("CCBank"));
    assert_eq!(first.home_url.as_deref(), Some("http://www.example.com"));
    assert_eq!(first.phone_number.as_deref(), Some("123-456-7890"));
    assert_eq!(first.is_virtual, Some(false));
    let last = &list.institutions[9];
    assert_eq!(last.institution_id, "777999");
    assert_eq!(
        last.institution_name.as_deref(),
        Some("Customer Central OFX Bank")
    );
    assert!(last.home_url.is_none() && last.phone_number.is_none());
    let found: Vec<_> = list
        .search("ccbank")
        .iter()
        .map(|i| i.institution_id.as_str())
        .collect();
    assert_eq!(
        found,
        ["100000", "200004", "100001", "100002", "100003", "100004", "100005"]
    );
}

#[test]
fn institution_details_decode_with_address_and_keys() {
    let detail = InstitutionDetail::from_xml(
        fixture("cloocher-aggcat/resp_200_institution_detail_100000.xml").as_bytes(),
    )
    .unwrap();
    assert_eq!(detail.institution_id, "100000");
    assert_eq!(detail.institution_name.as_deref(), Some("CCBank"));
    assert_eq!(
        detail.email_address.as_deref(),
        Some("CustomerCentralBank@intuit.com")
    );
    assert_eq!(detail.currency_code.as_deref(), Some("ANG"));
    let address = detail.address.as_ref().unwrap();
    assert_eq!(address.address1.as_deref(), Some("100 Main Street"));
    assert_eq!(address.city.as_deref(), Some("Anytown"));
    assert_eq!(address.state.as_deref(), Some("CA"));
    assert_eq!(address.postal_code.as_deref(), Some("94043"));
    assert_eq!(address.country.as_deref(), Some("USA"));
    let keys = &detail.keys.as_ref().unwrap().keys;
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[1].name, "Banking Password");
    assert_eq!(keys[1].mask, Some(true));
    assert_eq!(keys[1].value_length_max, Some(100));

    let hidden = InstitutionDetail::from_xml(
        fixture("cloocher-aggcat/resp_200_institution_detail_hidden_key.xml").as_bytes(),
    )
    .unwrap();
    assert_eq!(hidden.keys.as_ref().unwrap().keys.len(), 3);
    let fields: Vec<_> = hidden
        .credential_fields()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(fields, ["Banking Userid", "Banking Password"]);

    let three = InstitutionDetail::from_xml(
        fixture("cloocher-aggcat/resp_200_institution_detail_three_keys.xml").as_bytes(),
    )
    .unwrap();
    let fields = three.credential_fields();
    assert_eq!(
        fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["Banking Userid", "Banking Password", "Account pin"]
    );
    assert_eq!(
        fields.iter().map(|f| f.mask).collect::<Vec<_>>(),
        [false, true, true]
    );
}

#[test]
fn credential_fields_sort_numerically() {
    let body = fixture("cloocher-aggcat/resp_200_institution_detail_three_keys.xml").replace(
        "<displayOrder>1</displayOrder>",
        "<displayOrder>10</displayOrder>",
    );
    let detail = InstitutionDetail::from_xml(body.as_bytes()).unwrap();
    let names: Vec<_> = detail
        .credential_fields()
        .into_iter()
        .map(|f| f.name)
        .collect();
    // python-aggcat sorted "10" before "2"; numerically 10 comes last.
    assert_eq!(names, ["Banking Password", "Account pin", "Banking Userid"]);
}

#[test]
fn credential_fields_match_python_aggcats_derived_list() {
    // The pylist is python-aggcat's output for institution 100000: parse its dicts.
    let pylist = fixture("python-aggcat/derived_credential_fields_institution_100000.pylist");
    let mut expected: Vec<Vec<(String, String)>> = Vec::new();
    for dict in pylist.split('{').skip(1) {
        let dict = dict.split('}').next().unwrap();
        let pairs = dict
            .split("',")
            .filter_map(|kv| {
                let (k, v) = kv.split_once(':')?;
                Some((
                    k.trim()
                        .trim_matches(|c| c == '\'' || c == '\n' || c == ' ')
                        .to_owned(),
                    v.trim().trim_matches('\'').to_owned(),
                ))
            })
            .collect();
        expected.push(pairs);
    }
    assert_eq!(expected.len(), 2);
    // The same institution as the sandbox shows it (keys unsorted, a hidden one).
    let server_body = r#"<InstitutionDetail xmlns="http://schema.intuit.com/platform/fdatafeed/institution/v1"><institutionId>100000</institutionId><keys>
      <key><name>Banking Password</name><status>Active</status><valueLengthMin>1</valueLengthMin><valueLengthMax>20</valueLengthMax><displayFlag>true</displayFlag><displayOrder>2</displayOrder><mask>true</mask><instructions>Enter banking password (go)</instructions><description>Banking Password</description></key>
      <key><name>TAX_AGGR_ENABLED</name><val>true</val><status>Active</status><displayFlag>false</displayFlag><displayOrder>3</displayOrder><mask>false</mask></key>
      <key><name>Banking Userid</name><status>Active</status><valueLengthMin>1</valueLengthMin><valueLengthMax>20</valueLengthMax><displayFlag>true</displayFlag><displayOrder>1</displayOrder><mask>false</mask><instructions>Enter banking userid (demo)</instructions><description>Banking Userid</description></key>
    </keys></InstitutionDetail>"#;
    let fields = InstitutionDetail::from_xml(server_body.as_bytes())
        .unwrap()
        .credential_fields();
    assert_eq!(fields.len(), expected.len());
    for (field, dict) in fields.iter().zip(&expected) {
        let get = |k: &str| {
            dict.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
                .unwrap()
        };
        assert_eq!(field.name, get("name"));
        assert_eq!(field.description.as_deref(), Some(get("description")));
        assert_eq!(field.instructions.as_deref(), Some(get("instructions")));
        assert_eq!(field.display_order.to_string(), get("displayOrder"));
        assert_eq!(field.mask.to_string(), get("mask"));
        assert_eq!(field.status.as_deref(), Some(get("status")));
        assert_eq!(
            field.value_length_min.unwrap().to_string(),
            get("valueLengthMin")
        );
        assert_eq!(
            field.value_length_max.unwrap().to_string(),
            get("valueLengthMax")
        );
    }
}

#[test]
fn credit_card_transaction_decodes_with_categorization() {
    let list = TransactionList::from_xml(
        fixture("cloocher-aggcat/resp_200_transactions_credit_card.xml").as_bytes(),
    )
    .unwrap();
    assert_eq!(list.transactions.len(), 1);
    assert_eq!(list.not_refreshed_reason, None);
    let Transaction::CreditCard(t) = &list.transactions[0] else {
        panic!()
    };
    assert_eq!(t.id, "75000088503");
    assert_eq!(t.currency_type.as_deref(), Some("USD"));
    assert_eq!(
        t.institution_transaction_id.as_deref(),
        Some("INTUIT-75000088503")
    );
    assert_eq!(t.payee_name.as_deref(), Some("Transaction 1.2"));
    assert_eq!(
        t.posted_date.unwrap().to_string(),
        "2012-08-22T00:00:00-06:00"
    );
    assert_eq!(t.user_date.unwrap().date().to_string(), "2012-08-22");
    assert_eq!(t.amount.unwrap().to_string(), "111.22");
    assert_eq!(t.pending, Some(false));
    let categorization = t.categorization.as_ref().unwrap();
    let common = categorization.common.as_ref().unwrap();
    assert_eq!(
        common.normalized_payee_name.as_deref(),
        Some("Priceline.com")
    );
    assert_eq!(common.merchant.as_deref(), Some("Priceline.com"));
    assert_eq!(common.sic, Some(9995));
    assert_eq!(categorization.contexts.len(), 1);
    let context = &categorization.contexts[0];
    assert_eq!(
        context.source,
        Some(intuit_aggcat::models::CategorizationSource::Cat)
    );
    assert_eq!(context.category_name.as_deref(), Some("CATEGORY"));
    assert_eq!(context.context_type.as_deref(), Some(""));
    assert_eq!(
        context.schedule_c.as_deref(),
        Some("Travel,Meals,Entertainment")
    );
}

#[test]
fn every_transaction_kind_decodes_in_document_order() {
    let body = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ns9:TransactionList notRefreshedReason="CHALLENGE_RESPONSE_REQUIRED" xmlns="http://schema.intuit.com/platform/fdatafeed/transaction/v1" xmlns:ns2="http://schema.intuit.com/platform/fdatafeed/bnktransaction/v1" xmlns:ns3="http://schema.intuit.com/platform/fdatafeed/cctransaction/v1" xmlns:ns4="http://schema.intuit.com/platform/fdatafeed/ibnktransaction/v1" xmlns:ns5="http://schema.intuit.com/platform/fdatafeed/loantransaction/v1" xmlns:ns6="http://schema.intuit.com/platform/fdatafeed/invtransaction/v1" xmlns:ns7="http://schema.intuit.com/platform/fdatafeed/securityinfo/v1" xmlns:ns8="http://schema.intuit.com/platform/fdatafeed/rewardstransaction/v1" xmlns:ns9="http://schema.intuit.com/platform/fdatafeed/transactionlist/v1"><ns6:InvestmentTransaction><id>400189790351</id><currencyType>USD</currencyType><memo>IRA debit 222</memo><postedDate>2013-08-10T00:00:00-07:00</postedDate><ns6:description>IRA debit 222</ns6:description><ns6:buyType>BUY</ns6:buyType><ns6:cusip>123456789</ns6:cusip><ns6:tradeDate>2013-08-09T00:00:00-07:00</ns6:tradeDate><ns6:totalAmount>-8.1</ns6:totalAmount><ns6:units>1.5</ns6:units><ns6:unitPrice>5.4</ns6:unitPrice><ns6:invSecurityType>STOCKINFO</ns6:invSecurityType><ns6:stockInfo><ns7:ticker>INTU</ns7:ticker><ns7:yield>1.2</ns7:yield></ns6:stockInfo></ns6:InvestmentTransaction><ns2:BankingTransaction><id>1</id><postedDate>2013-08-10T00:00:00-07:00</postedDate><amount>-1.00</amount></ns2:BankingTransaction><ns5:LoanTransaction><id>2</id><postedDate>2013-08-10T00:00:00-07:00</postedDate><ns5:principalAmount>10.5</ns5:principalAmount><ns5:escrowPmiAmount>1.25</ns5:escrowPmiAmount></ns5:LoanTransaction><ns4:InvestmentBankingTransaction><id>3</id><postedDate>2013-08-10T00:00:00-07:00</postedDate><ns4:subaccountFundType>MARGIN</ns4:subaccountFundType><ns4:banking401KSourceType>ROLLOVER</ns4:banking401KSourceType></ns4:InvestmentBankingTransaction><ns8:RewardsTransaction><id>4</id><postedDate>2013-08-10T00:00:00-07:00</postedDate><amount>100</amount></ns8:RewardsTransaction><ns3:CreditCardTransaction><id>5</id><postedDate>2013-08-10T00:00:00-07:00</postedDate><amount>2</amount></ns3:CreditCardTransaction></ns9:TransactionList>"#;
    let list = TransactionList::from_xml(body.as_bytes()).unwrap();
    assert_eq!(
        list.not_refreshed_reason,
        Some(NotRefreshedReason::ChallengeResponseRequired)
    );
    let kinds: Vec<_> = list
        .transactions
        .iter()
        .map(Transaction::kind_name)
        .collect();
    assert_eq!(
        kinds,
        [
            "InvestmentTransaction",
            "BankingTransaction",
            "LoanTransaction",
            "InvestmentBankingTransaction",
            "RewardsTransaction",
            "CreditCardTransaction"
        ]
    );
    let Transaction::Investment(inv) = &list.transactions[0] else {
        panic!()
    };
    assert_eq!(inv.description.as_deref(), Some("IRA debit 222"));
    assert_eq!(inv.total_amount.unwrap().to_string(), "-8.1");
    assert_eq!(inv.units.unwrap().to_string(), "1.5");
    assert_eq!(inv.cusip.as_deref(), Some("123456789"));
    assert_eq!(inv.inv_security_type, Some(InvSecurityType::Stock));
    let stock = inv.stock_info.as_ref().unwrap();
    assert_eq!(stock.ticker.as_deref(), Some("INTU"));
    assert_eq!(stock.yield_value.unwrap().to_string(), "1.2");
    let Transaction::Loan(loan) = &list.transactions[2] else {
        panic!()
    };
    assert_eq!(loan.principal_amount.unwrap().to_string(), "10.5");
    assert_eq!(loan.escrow_pmi_amount.unwrap().to_string(), "1.25");
    let Transaction::InvestmentBanking(ib) = &list.transactions[3] else {
        panic!()
    };
    assert_eq!(
        ib.subaccount_fund_type,
        Some(intuit_aggcat::models::SubaccountFundType::Margin)
    );
    assert_eq!(
        ib.banking_401k_source_type,
        Some(intuit_aggcat::models::Banking401KSourceType::Rollover)
    );
    assert_eq!(list.transactions[1].amount().unwrap().to_string(), "-1.00");
}

#[test]
fn investment_positions_decode_with_security_info() {
    let positions = InvestmentPositions::from_xml(
        fixture("cloocher-aggcat/resp_200_investment_positions_two.xml").as_bytes(),
    )
    .unwrap();
    assert_eq!(positions.positions.len(), 2);
    let p = &positions.positions[0];
    assert_eq!(p.investment_position_id, "000000000001");
    assert_eq!(p.change_percent.unwrap().to_string(), "2.5");
    assert_eq!(p.cost_basis.unwrap().to_string(), "1629");
    assert_eq!(p.unit_price.unwrap().to_string(), "8.29");
    assert_eq!(p.daily_change.unwrap().to_string(), "2.5");
    assert_eq!(p.emp_pretax_contrib_amount.unwrap().to_string(), "629");
    assert_eq!(p.emp_match_amount.unwrap().to_string(), "229");
    assert_eq!(p.hold_type.as_deref(), Some("STOCK"));
    assert_eq!(p.market_value.unwrap().to_string(), "1629");
    assert_eq!(p.units.unwrap().to_string(), "200");
    assert_eq!(p.reinvestment_cap_gains, Some(false));
    assert_eq!(p.reinvestment_dividend, Some(false));
    assert_eq!(p.inv_security_type, Some(InvSecurityType::OtherSecurity));
    let info = p.security_info().unwrap();
    assert_eq!(info.ticker.as_deref(), Some("DEF"));
    assert_eq!(info.unit_price.unwrap().to_string(), "8.29");
    let q = &positions.positions[1];
    assert_eq!(q.investment_position_id, "000000000002");
    assert_eq!(q.hold_type.as_deref(), Some("BOND"));
    assert_eq!(q.security_info().unwrap().ticker.as_deref(), Some("ABC"));

    let empty = InvestmentPositions::from_xml(
        fixture("python-aggcat/resp_200_investment_positions_empty.xml").as_bytes(),
    )
    .unwrap();
    assert!(empty.positions.is_empty());
}

#[test]
fn challenge_fixture_decodes() {
    let challenges = Challenges::from_xml(
        fixture("python-aggcat/resp_401_challenges_text_one_question.xml").as_bytes(),
    )
    .unwrap();
    assert_eq!(challenges.challenges.len(), 1);
    assert_eq!(
        challenges.challenges[0].text,
        ["Enter your first pet's name:"]
    );
    assert!(challenges.challenges[0].choice.is_empty());
}

#[test]
fn max_customers_status_becomes_an_error_with_code_and_message() {
    let body = fixture("cloocher-aggcat/resp_error_status_api_max_customers.xml");
    let status = Status::from_xml(body.as_bytes()).unwrap();
    assert_eq!(status.error_info.len(), 1);
    let info = &status.error_info[0];
    assert_eq!(
        info.error_type,
        Some(intuit_aggcat::models::ErrorType::AppError)
    );
    assert_eq!(info.error_code.as_deref(), Some("api.max.customers"));
    assert_eq!(
        info.correlation_id.as_deref(),
        Some("gw-49b48b84-8962-46af-9116-fdaf4fe5ac9e")
    );
    // Where an account list was expected, the Status body is reported, not mis-decoded.
    let error = AccountList::from_xml(body.as_bytes()).unwrap_err();
    assert_eq!(error.code(), Some("api.max.customers"));
    assert_eq!(
        error.message(),
        Some("The offering has reached the maximum number of customers allowed.")
    );
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
}

#[test]
fn token_fixture_is_a_form_body() {
    let body = fixture("cloocher-aggcat/resp_200_saml_oauth_token_form.txt");
    assert!(body.ends_with('\n'));
    assert!(body.contains(crate::support::TOKEN) && body.contains(crate::support::TOKEN_SECRET));
}

// --- Tolerance: mutated fixtures -------------------------------------------------------------

#[test]
fn unknown_elements_and_enum_values_are_tolerated() {
    let body = fixture("python-aggcat/resp_201_discover_and_add_accounts_accountlist_mixed.xml")
        .replace(
            "<ns7:creditAccountType>CREDITCARD</ns7:creditAccountType>",
            "<ns7:creditAccountType>CHARGECARD</ns7:creditAccountType><ns7:futureField><deep>x</deep></ns7:futureField>",
        )
        .replace(
            "<ns6:bankingAccountType>CD</ns6:bankingAccountType>",
            "<unknownBase>1</unknownBase><ns6:bankingAccountType>cd</ns6:bankingAccountType>",
        )
        .replace(
            "</ns8:AccountList>",
            "<ns3:FutureAccount><accountId>1</accountId></ns3:FutureAccount></ns8:AccountList>",
        );
    let list = AccountList::from_xml(body.as_bytes()).unwrap();
    assert_eq!(list.accounts.len(), 10);
    let Account::Credit(visa) = &list.accounts[0] else {
        panic!()
    };
    assert_eq!(
        visa.credit_account_type,
        Some(CreditAccountType::Other("CHARGECARD".to_owned()))
    );
    // Fields after the unknown element are still read.
    assert_eq!(visa.current_balance.unwrap().to_string(), "-811.52");
    let Account::Banking(cd) = &list.accounts[1] else {
        panic!()
    };
    // Lower-case values (as some clients sent) map to the known variant.
    assert_eq!(cd.banking_account_type, Some(BankingAccountType::Cd));
}

#[test]
fn namespace_prefixes_do_not_matter() {
    let original =
        fixture("python-aggcat/resp_201_discover_and_add_accounts_accountlist_mixed.xml");
    // Swap the prefixes of the loan and banking namespaces, and use a default namespace for
    // nothing but new prefixes for the base fields.
    let swapped = original
        .replace("ns2", "TMP")
        .replace("ns6", "ns2")
        .replace("TMP", "ns6")
        .replace(
            r#"xmlns="http://schema.intuit.com/platform/fdatafeed/account/v1""#,
            r#"xmlns:a="http://schema.intuit.com/platform/fdatafeed/account/v1""#,
        );
    let swapped = prefix_unqualified(&swapped, "a");
    let a = AccountList::from_xml(original.as_bytes()).unwrap();
    let b = AccountList::from_xml(swapped.as_bytes()).unwrap();
    assert_eq!(a, b);
    assert_eq!(b.accounts.len(), 10);

    // A wrong namespace is not silently taken for the right one: base fields in another
    // namespace are not read, and the required account id is then missing.
    let wrong = original.replace(
        r#"xmlns="http://schema.intuit.com/platform/fdatafeed/account/v1""#,
        r#"xmlns="urn:not-intuit""#,
    );
    let error = AccountList::from_xml(wrong.as_bytes()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.to_string().contains("account_id"), "{error}");
}

/// Puts every element without a prefix under `prefix`.
fn prefix_unqualified(xml: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(xml.len() * 2);
    let mut chars = xml.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        out.push(c);
        if c == '<' {
            let closing = chars.peek().map(|(_, c)| *c) == Some('/');
            if closing {
                out.push('/');
                chars.next();
            }
            let rest: String = chars
                .clone()
                .map(|(_, c)| c)
                .take_while(|c| *c != '>' && *c != ' ')
                .collect();
            if !rest.contains(':') && !rest.starts_with('?') {
                out.push_str(prefix);
                out.push(':');
            }
        }
    }
    out
}

#[test]
fn institutions_with_other_prefixes_and_the_doc_sample_namespace_decode_alike() {
    let doc_sample = fixture("cloocher-aggcat/resp_200_institutions_list.xml");
    let live_style = doc_sample.replace(
        r#"xmlns="http://schema.intuit.com/platform/fdatafeed/account/v1""#,
        r#"xmlns:ns5="http://schema.intuit.com/platform/fdatafeed/institution/v1""#,
    );
    let live_style = prefix_unqualified(&live_style, "ns5");
    let a = Institutions::from_xml(doc_sample.as_bytes()).unwrap();
    let b = Institutions::from_xml(live_style.as_bytes()).unwrap();
    assert_eq!(a, b);
    assert_eq!(b.institutions.len(), 10);
}

#[test]
fn wrong_documents_are_decode_errors() {
    let error = AccountList::from_xml(b"<TransactionList/>").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    let error = AccountList::from_xml(b"not xml").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    let bad_amount =
        fixture("python-aggcat/resp_201_discover_and_add_accounts_accountlist_mixed.xml").replacen(
            "<balanceAmount>811.52</balanceAmount>",
            "<balanceAmount>lots</balanceAmount>",
            1,
        );
    let error = AccountList::from_xml(bad_amount.as_bytes()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(
        error
            .to_string()
            .contains("\"lots\" is not a decimal amount"),
        "{error}"
    );
}
