// Accounts against the real SQLite store, through the real account handler
// (service/account_handler), as the server and `samrad admin` carry them out: people and
// organisations created, deactivated and given roles, each with its audit record in the same
// transaction; invitation links kept only as hashes that work once and expire; sessions that
// end when unused (idle) or at their absolute end, are swept with a record of why, and end with
// their person or organisation.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auth/tokens.hpp"
#include "service/account_handler.hpp"
#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

using domain::ErrorCode;
using service::AccountActor;
using service::AccountCommand;
using service::AccountOutcome;

constexpr domain::Timestamp now = 1'790'000'000'000;
constexpr domain::Timestamp minute = 60'000;
constexpr domain::Timestamp idle = 30 * minute;
constexpr domain::Timestamp lifetime = 12 * 60 * minute;

class AccountsTest : public EveryStoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    office = organisation("Samrådssekretariatet", domain::OrganisationKind::other);
    admin = person("Karin Holm", "karin@example.se", domain::Role::admin, office);
  }

  // Runs body as one unit of work; its error (if any) rolls the unit back.
  template <class T>
  domain::Result<T> unit(std::function<domain::Result<T>(WriteTransaction&)> body) {
    std::optional<domain::Result<T>> out;
    const Work work = [&](WriteTransaction& tx) -> Appended {
      out.emplace(body(tx));
      if (!*out) return out->error();
      return std::vector<domain::Event>{};
    };
    auto written = std::move(store().write(std::span(&work, 1)).at(0));
    if (!written) return written.error();
    return std::move(*out);
  }

  domain::Result<AccountOutcome> carry(AccountCommand command,
                                       std::optional<std::string> session = std::nullopt,
                                       domain::Timestamp at = now) {
    const AccountActor actor{.session_hash = std::move(session),
                             .origin = {domain::Source::web, "192.0.2.1"},
                             .now = at,
                             .invitation_lifetime_ms = 7 * 24 * 60 * minute};
    return unit<AccountOutcome>(
        [&](WriteTransaction& tx) { return service::carry_out_account(tx, actor, command); });
  }

  // Logs the person in; returns the session's token hash.
  std::string log_in(const domain::Person& who, domain::Timestamp at = now,
                     domain::Timestamp idle_ms = idle) {
    const auto token = auth::new_session_token();
    service::LoginAttempt attempt{.email = who.email,
                                  .person = who.id,
                                  .accepted = true,
                                  .refusal = {},
                                  .session = {.token_hash = auth::token_hash(token),
                                              .person = who.id,
                                              .created_at = at,
                                              .expires_at = at + idle_ms,
                                              .absolute_expires_at = at + lifetime,
                                              .user_agent = "Firefox/130.0",
                                              .address = "192.0.2.9"},
                                  .origin = {domain::Source::web, "192.0.2.9"},
                                  .now = at};
    auto opened = unit<std::optional<domain::SessionId>>(
        [&](WriteTransaction& tx) -> domain::Result<std::optional<domain::SessionId>> {
          return service::record_login(tx, attempt);
        });
    EXPECT_TRUE(opened.ok() && opened->has_value());
    return attempt.session.token_hash;
  }

  bool live(const std::string& hash, domain::Timestamp at = now) {
    auto found = store().find_session(hash, at);
    EXPECT_TRUE(found.ok());
    return found.ok() && found->has_value();
  }

  std::vector<AuditEntry> audit(domain::AuditQuery query = {}) {
    auto entries = store().read_audit(query);
    EXPECT_TRUE(entries.ok()) << (entries.ok() ? "" : entries.error().message);
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }

  static std::string detail(const AuditEntry& entry, std::string_view key) {
    for (const auto& d : entry.record.details) {
      if (d.key == key) return d.value;
    }
    return "<none>";
  }

  std::vector<std::string> actions() {
    std::vector<std::string> names;
    for (const auto& entry : audit()) names.push_back(entry.record.action);
    return names;
  }

  domain::Organisation office;
  domain::Person admin;
};

TEST_P(AccountsTest, ANewPersonHasNoPasswordAndALinkStoredOnlyAsAHash) {
  auto created = carry(
      domain::CreatePerson{"Ny Person", "ny@malmo.se", domain::Role::representative, malmo.id});
  ASSERT_TRUE(created.ok()) << created.error().message;
  ASSERT_TRUE(created->person && created->invitation_token);
  EXPECT_TRUE(auth::is_well_formed_token(*created->invitation_token));  // 128 random bits
  EXPECT_EQ(created->invitation_expires_at, now + 7 * 24 * 60 * minute);

  auto login = store().find_login("ny@malmo.se");
  ASSERT_TRUE(login.ok() && login->has_value());
  EXPECT_EQ((*login)->password_hash, "");

  // Only the hash of the link's token is kept.
  EXPECT_EQ(count_rows("invitations WHERE token_hash = '" +
                       auth::token_hash(*created->invitation_token) + "'"),
            1);
  EXPECT_EQ(count_rows("invitations WHERE token_hash = '" + *created->invitation_token + "'"), 0);

  const auto entries = audit();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].record.action, "invitation_issued");
  EXPECT_EQ(entries[1].record.action, "person_created");
  EXPECT_EQ(entries[1].record.actor, std::nullopt);  // the operator at the command line
  EXPECT_EQ(entries[1].record.target_kind, "person");
  EXPECT_EQ(entries[1].record.target_id, *created->person);
  EXPECT_EQ(detail(entries[1], "email"), "ny@malmo.se");
  EXPECT_EQ(detail(entries[1], "organisation"), "Malmö stad");
  EXPECT_EQ(detail(entries[1], "role"), "representative");
  EXPECT_EQ(entries[1].record.origin.address, "192.0.2.1");
}

TEST_P(AccountsTest, ARefusedChangeWritesNothingNotEvenToTheAuditLog) {
  auto taken = carry(
      domain::CreatePerson{"Anna igen", representative.email, domain::Role::observer, malmo.id});
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::conflict);
  EXPECT_TRUE(audit().empty());
  EXPECT_EQ(count_rows("invitations"), 0);
}

TEST_P(AccountsTest, AnAdminActsThroughALiveSessionAndOthersAreRefused) {
  const auto admin_session = log_in(admin);
  const auto secretariat_session = log_in(secretariat);
  auto made = carry(domain::CreateOrganisation{"Region Gotland", domain::OrganisationKind::region},
                    admin_session);
  ASSERT_TRUE(made.ok()) << made.error().message;
  const auto recorded = audit({.actions = {"organisation_created"}});
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].record.actor, admin.id);
  ASSERT_TRUE(recorded[0].actor.has_value());
  EXPECT_EQ(recorded[0].actor->name, "Karin Holm");

  auto refused = carry(domain::SetPersonActive{representative.id, false}, secretariat_session);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);

  // A session that has ended changes nothing.
  ASSERT_TRUE(
      carry(domain::SetPersonActive{representative.id, false}, "not-a-session").error().code ==
      ErrorCode::unauthenticated);
  EXPECT_TRUE(live(log_in(representative)));
}

TEST_P(AccountsTest, AnAdminWhoseRoleWasTakenAwayCanNoLongerManage) {
  const auto other_admin = person("Olof Admin", "olof@example.se", domain::Role::admin, office);
  const auto session = log_in(other_admin);
  ASSERT_TRUE(carry(domain::ChangeRole{other_admin.id, domain::Role::secretariat}).ok());
  auto refused = carry(domain::IssueInvitation{representative.id}, session);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
}

TEST_P(AccountsTest, DeactivatingAPersonEndsTheirSessionsAndTheirLinksAndTheirLogin) {
  const auto first = log_in(representative);
  const auto second = log_in(representative);
  const auto others = log_in(observer);
  ASSERT_TRUE(carry(domain::IssueInvitation{representative.id}).ok());

  auto done = carry(domain::SetPersonActive{representative.id, false}, log_in(admin));
  ASSERT_TRUE(done.ok()) << done.error().message;
  ASSERT_EQ(done->ended_sessions.size(), 2u);
  std::set<std::string> ended;
  for (const auto& session : done->ended_sessions) ended.insert(session.token_hash);
  EXPECT_EQ(ended, (std::set<std::string>{first, second}));
  EXPECT_FALSE(live(first));
  EXPECT_FALSE(live(second));
  EXPECT_TRUE(live(others));
  EXPECT_EQ(count_rows("invitations WHERE revoked_at IS NULL AND used_at IS NULL"), 0);

  auto login = store().find_login(representative.email);
  ASSERT_TRUE(login.ok() && login->has_value());
  EXPECT_FALSE((*login)->active);

  const auto recorded = audit({.actions = {"person_deactivated"}});
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(detail(recorded[0], "sessions_ended"), "2");
  EXPECT_EQ(recorded[0].record.actor, admin.id);

  // Activated again, they log in (their password was kept), but their old sessions stay ended.
  ASSERT_TRUE(carry(domain::SetPersonActive{representative.id, true}).ok());
  EXPECT_FALSE(live(first));
  EXPECT_TRUE(live(log_in(representative)));
}

TEST_P(AccountsTest, ADeactivatedOrganisationEndsItsPeoplesSessionsUntilActivatedAgain) {
  const auto anna = log_in(representative);
  const auto olle = log_in(observer);
  const auto kalle = log_in(kiruna_representative);
  auto done = carry(domain::SetOrganisationActive{malmo.id, false});
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->ended_sessions.size(), 2u);
  EXPECT_FALSE(live(anna));
  EXPECT_FALSE(live(olle));
  EXPECT_TRUE(live(kalle));
  // Nobody of it logs in meanwhile, and a session that were somehow there would not be live.
  const service::LoginAttempt attempt{
      .email = representative.email,
      .person = representative.id,
      .accepted = true,  // the right password
      .refusal = {},
      .session = {.token_hash = "sneaked", .person = representative.id},
      .origin = {},
      .now = now};
  auto refused = unit<std::optional<domain::SessionId>>(
      [&](WriteTransaction& tx) -> domain::Result<std::optional<domain::SessionId>> {
        return service::record_login(tx, attempt);
      });
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->has_value());
  const std::string sneaked = "sneaked";
  exec_raw(
      "INSERT INTO sessions (token_hash, person_id, expires_at, absolute_expires_at, "
      "created_at, last_used_at) VALUES ('sneaked', " +
      std::to_string(representative.id) + ", " + std::to_string(now + idle) + ", " +
      std::to_string(now + idle) + ", 0, 0)");
  EXPECT_FALSE(live(sneaked));
  auto live_ones = store().live_sessions({anna, kalle, sneaked}, now);
  ASSERT_TRUE(live_ones.ok());
  ASSERT_EQ(live_ones->size(), 1u);
  EXPECT_EQ(live_ones->front().token_hash, kalle);

  ASSERT_TRUE(carry(domain::SetOrganisationActive{malmo.id, true}).ok());
  EXPECT_TRUE(live(log_in(representative)));
  EXPECT_EQ(actions(),
            (std::vector<std::string>{"login", "organisation_activated", "login_failed",
                                      "organisation_deactivated", "login", "login", "login"}));
  const auto refusal = audit({.actions = {"login_failed"}});
  EXPECT_EQ(detail(refusal.at(0), "reason"), "deactivated");
}

TEST_P(AccountsTest, ARoleChangeIsRecordedWithTheRoleBefore) {
  auto done = carry(domain::ChangeRole{observer.id, domain::Role::representative});
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->changed_people, std::vector<domain::PersonId>{observer.id});
  const auto recorded = audit({.actions = {"role_changed"}});
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(detail(recorded[0], "previous_role"), "observer");
  EXPECT_EQ(detail(recorded[0], "role"), "representative");
  auto login = store().find_login(observer.email);
  EXPECT_EQ((*login)->person.role, domain::Role::representative);
}

TEST_P(AccountsTest, TheLastAdminStays) {
  auto refused = carry(domain::SetPersonActive{admin.id, false});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_state);
  refused = carry(domain::SetOrganisationActive{office.id, false});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_state);
}

class InvitationTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    auto created = carry(
        domain::CreatePerson{"Ny Person", "ny@malmo.se", domain::Role::representative, malmo.id});
    ASSERT_TRUE(created.ok());
    newcomer = *created->person;
    token = *created->invitation_token;
  }

  service::InvitationOutcome use(const std::string& link, domain::Timestamp at = now + minute) {
    const service::InvitationAcceptance acceptance{
        .token_hash = auth::token_hash(link),
        .password_hash = "$argon2id$the-new-one",
        .session = {.token_hash = auth::token_hash(auth::new_session_token()),
                    .person = 0,
                    .created_at = at,
                    .expires_at = at + idle,
                    .absolute_expires_at = at + lifetime,
                    .user_agent = "Safari",
                    .address = "198.51.100.4"},
        .origin = {domain::Source::web, "198.51.100.4"},
        .now = at};
    auto outcome = unit<service::InvitationOutcome>([&](WriteTransaction& tx) {
      return domain::Result<service::InvitationOutcome>(service::accept_invitation(tx, acceptance));
    });
    EXPECT_TRUE(outcome.ok());
    return outcome.ok() ? std::move(*outcome) : service::InvitationOutcome{};
  }

  domain::PersonId newcomer = 0;
  std::string token;
};

TEST_P(InvitationTest, ALinkSetsThePasswordOnceAndLogsIn) {
  auto first = use(token);
  ASSERT_TRUE(first.status.ok()) << first.status.error().message;
  ASSERT_TRUE(first.accepted.has_value());
  EXPECT_EQ(first.accepted->person.id, newcomer);
  auto login = store().find_login("ny@malmo.se");
  EXPECT_EQ((*login)->password_hash, "$argon2id$the-new-one");
  EXPECT_EQ(count_rows("sessions WHERE person_id = " + std::to_string(newcomer)), 1);

  auto again = use(token);
  ASSERT_FALSE(again.status.ok());
  EXPECT_EQ(again.status.error().code, ErrorCode::invitation_used);
  EXPECT_EQ(count_rows("sessions WHERE person_id = " + std::to_string(newcomer)), 1);

  // Used, refused, and the login that came with the first use: all recorded.
  const auto recorded = actions();
  EXPECT_EQ(std::vector<std::string>(recorded.begin(), recorded.begin() + 3),
            (std::vector<std::string>{"invitation_refused", "login", "invitation_used"}));
  const auto refusal = audit({.actions = {"invitation_refused"}});
  EXPECT_EQ(detail(refusal.at(0), "reason"), "invitation_used");
  EXPECT_EQ(refusal.at(0).record.origin.address, "198.51.100.4");
}

TEST_P(InvitationTest, ALinkExpiresAndANewerOneReplacesIt) {
  auto late = use(token, now + 7 * 24 * 60 * minute);
  ASSERT_FALSE(late.status.ok());
  EXPECT_EQ(late.status.error().code, ErrorCode::invitation_expired);

  auto reissued = carry(domain::IssueInvitation{newcomer}, std::nullopt, now + 2 * minute);
  ASSERT_TRUE(reissued.ok());
  auto old = use(token, now + 3 * minute);
  ASSERT_FALSE(old.status.ok());
  EXPECT_EQ(old.status.error().code, ErrorCode::invitation_expired);
  EXPECT_TRUE(use(*reissued->invitation_token, now + 3 * minute).status.ok());
}

TEST_P(InvitationTest, AWrongLinkIsNotFoundAndADeactivatedPersonsLinkNoLongerWorks) {
  auto wrong = use(auth::new_session_token());
  ASSERT_FALSE(wrong.status.ok());
  EXPECT_EQ(wrong.status.error().code, ErrorCode::not_found);
  auto lookup = store().find_invitation(auth::token_hash(token));
  ASSERT_TRUE(lookup.ok() && lookup->has_value());
  EXPECT_EQ((*lookup)->person.person.email, "ny@malmo.se");

  ASSERT_TRUE(carry(domain::SetPersonActive{newcomer, false}).ok());
  auto refused = use(token);
  ASSERT_FALSE(refused.status.ok());
  EXPECT_EQ(refused.status.error().code, ErrorCode::invitation_expired);
}

TEST_P(InvitationTest, UsingALinkEndsThePersonsOtherSessions) {
  ASSERT_TRUE(use(token).status.ok());
  const auto earlier = log_in(domain::Person{.id = newcomer,
                                             .name = "Ny Person",
                                             .email = "ny@malmo.se",
                                             .role = domain::Role::representative,
                                             .organisation = malmo});
  auto reissued = carry(domain::IssueInvitation{newcomer});
  auto outcome = use(*reissued->invitation_token, now + 2 * minute);
  ASSERT_TRUE(outcome.status.ok());
  EXPECT_EQ(outcome.accepted->ended_sessions.size(), 2u);
  EXPECT_FALSE(live(earlier, now + 2 * minute));
}

TEST_P(AccountsTest, ASessionStaysWhileUsedButNotPastItsAbsoluteEnd) {
  const auto session = log_in(representative);
  EXPECT_TRUE(live(session, now + idle - 1));
  EXPECT_FALSE(live(session, now + idle));
  // Used at 20 minutes: live until 50.
  ASSERT_TRUE(store().touch_session(session, now + 20 * minute, idle).ok());
  EXPECT_TRUE(live(session, now + 49 * minute));
  EXPECT_FALSE(live(session, now + 50 * minute));
  // Used every 20 minutes all day: still over at twelve hours.
  for (domain::Timestamp at = now + 40 * minute; at < now + lifetime; at += 20 * minute) {
    ASSERT_TRUE(store().touch_session(session, at, idle).ok());
  }
  EXPECT_TRUE(live(session, now + lifetime - 1));
  EXPECT_FALSE(live(session, now + lifetime));
  // An ended session is not brought back by a late use.
  ASSERT_TRUE(store().touch_session(session, now + lifetime + 1, idle).ok());
  EXPECT_FALSE(live(session, now + lifetime + 2));
}

TEST_P(AccountsTest, ExpiredSessionsAreRemovedWithTheReasonRecorded) {
  const auto idle_one = log_in(representative);
  const auto used_one = log_in(observer, now, lifetime);  // idle limit as long as its life
  const auto fresh_one = log_in(kiruna_representative, now + lifetime);
  auto any = store().has_expired_sessions(now + lifetime);
  ASSERT_TRUE(any.ok() && *any);
  auto removed = unit<std::size_t>([&](WriteTransaction& tx) -> domain::Result<std::size_t> {
    return service::expire_sessions(tx, now + lifetime).size();
  });
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 2u);
  EXPECT_TRUE(live(fresh_one, now + lifetime));
  any = store().has_expired_sessions(now + lifetime);
  EXPECT_FALSE(*any);
  std::map<domain::PersonId, std::string> reasons;
  for (const auto& entry : audit({.actions = {"session_expired"}})) {
    reasons[*entry.record.actor] = detail(entry, "reason");
  }
  EXPECT_EQ(reasons, (std::map<domain::PersonId, std::string>{{representative.id, "idle"},
                                                              {observer.id, "absolute"}}));
  (void)idle_one;
  (void)used_one;
}

TEST_P(AccountsTest, APersonEndsTheirOwnSessionAndOnlyTheirOwn) {
  const auto mine = log_in(representative);
  const auto also_mine = log_in(representative);
  const auto theirs = log_in(observer);
  auto own = store().sessions_of(representative.id, now);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->size(), 2u);
  EXPECT_EQ(own->front().user_agent, "Firefox/130.0");
  EXPECT_EQ(own->front().address, "192.0.2.9");

  auto observers = store().sessions_of(observer.id, now);
  const auto their_id = observers->front().id;
  const service::Caller anna{representative, mine, {domain::Source::web, "192.0.2.9"}};
  auto refused = unit<EndedSession>(
      [&](WriteTransaction& tx) { return service::end_own_session(tx, anna, their_id, now); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::not_found);
  EXPECT_TRUE(live(theirs));

  const auto other_id = own->back().id;  // the older one: `mine`
  auto ended = unit<EndedSession>(
      [&](WriteTransaction& tx) { return service::end_own_session(tx, anna, other_id, now); });
  ASSERT_TRUE(ended.ok()) << ended.error().message;
  EXPECT_EQ(audit({.actions = {"session_ended"}}).size(), 1u);
  EXPECT_EQ(live(mine) + live(also_mine), 1);
}

TEST_P(AccountsTest, LoginsAndFailedLoginsAreRecorded) {
  const service::LoginAttempt wrong{.email = "nobody@example.se",
                                    .person = std::nullopt,
                                    .accepted = false,
                                    .refusal = "unknown_email",
                                    .session = {},
                                    .origin = {domain::Source::web, "203.0.113.5"},
                                    .now = now};
  auto refused = unit<std::optional<domain::SessionId>>(
      [&](WriteTransaction& tx) -> domain::Result<std::optional<domain::SessionId>> {
        return service::record_login(tx, wrong);
      });
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->has_value());
  const auto entries = audit();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].record.action, "login_failed");
  EXPECT_EQ(entries[0].record.actor, std::nullopt);
  EXPECT_EQ(detail(entries[0], "email"), "nobody@example.se");
  EXPECT_EQ(detail(entries[0], "reason"), "unknown_email");
  EXPECT_EQ(entries[0].record.origin.address, "203.0.113.5");
}

TEST_P(AccountsTest, LogoutIsRecordedForTheSessionsPerson) {
  const auto session = log_in(representative);
  auto ended = unit<std::optional<EndedSession>>(
      [&](WriteTransaction& tx) -> domain::Result<std::optional<EndedSession>> {
        return service::log_out(tx, session, {domain::Source::web, "192.0.2.9"}, now);
      });
  ASSERT_TRUE(ended.ok() && ended->has_value());
  EXPECT_FALSE(live(session));
  const auto recorded = audit({.actions = {"logout"}});
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].record.actor, representative.id);
}

INSTANTIATE_EVERY_STORE(AccountsTest);
INSTANTIATE_EVERY_STORE(InvitationTest);

}  // namespace
}  // namespace samrad::store::testing
