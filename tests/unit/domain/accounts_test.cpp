// The account rules: who manages organisations and people (admins, and the operator at the
// command line), the refusals in the order they are explained, the last admin kept, invitation
// links (unknown, used, replaced, expired, of a deactivated person), new passwords, plausible
// email addresses, and ending one's own sessions only.
#include "domain/accounts.hpp"

#include <gtest/gtest.h>

#include <string>

#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::all_roles;
using fixtures::malmo;
using fixtures::person;

constexpr Timestamp now = 1'795'428'900'000;
constexpr OrganisationId secretariat_organisation = 1;

Person admin(PersonId id = 100, OrganisationId organisation = secretariat_organisation) {
  auto admin = person(Role::admin, organisation);
  admin.id = id;
  return admin;
}

Manager as(const Person& person) {
  return Manager{person};
}
const Manager operator_at_the_command_line{};

PersonRecord record(PersonId id, Role role, OrganisationId organisation = malmo) {
  auto p = person(role, organisation);
  p.id = id;
  return PersonRecord{
      .person = p, .active = true, .organisation_active = true, .has_password = true};
}

OrganisationRecord organisation_record(OrganisationId id, bool active = true) {
  return {.organisation = {.id = id, .name = "Malmö stad", .kind = OrganisationKind::municipality},
          .active = active};
}

void expect_refused(const Status& status, ErrorCode code) {
  ASSERT_FALSE(status.ok()) << "expected " << to_string(code);
  EXPECT_EQ(status.error().code, code) << status.error().message;
  EXPECT_FALSE(status.error().message.empty());
}

// Two admins: the one acting (100) and another (101), both of the secretariat's organisation.
const std::vector<AdminSeat> two_admins = {{100, secretariat_organisation},
                                           {101, secretariat_organisation}};

TEST(AccountPermissions, OnlyAdminsManageAccountsAndTheSecretariatReadsTheAuditLogToo) {
  for (const auto role : all_roles) {
    EXPECT_EQ(can_manage_accounts(person(role)), role == Role::admin);
    EXPECT_EQ(can_read_audit_log(person(role)), role == Role::admin || role == Role::secretariat);
  }
}

TEST(AccountPermissions, EveryCommandIsRefusedToEveryRoleButAdminAndTheOperator) {
  const CreateOrganisationFacts no_name_clash{};
  constexpr OrganisationId other_organisation = 42;  // not the acting person's own
  const OrganisationFacts organisation{organisation_record(other_organisation), two_admins};
  const CreatePersonFacts person_facts{organisation_record(malmo), false};
  const PersonFacts someone{record(7, Role::representative), two_admins};
  for (const auto role : all_roles) {
    const auto manager = as(person(role));
    const bool allowed = role == Role::admin;
    EXPECT_EQ(decide(manager, CreateOrganisation{"Region Gotland", OrganisationKind::region},
                     no_name_clash)
                  .ok(),
              allowed);
    EXPECT_EQ(decide(manager, SetOrganisationActive{other_organisation, false}, organisation).ok(),
              allowed);
    EXPECT_EQ(decide(manager, CreatePerson{"Ny Person", "ny@malmo.se", Role::observer, malmo},
                     person_facts)
                  .ok(),
              allowed);
    EXPECT_EQ(decide(manager, SetPersonActive{7, false}, someone).ok(), allowed);
    EXPECT_EQ(decide(manager, ChangeRole{7, Role::observer}, someone).ok(), allowed);
    EXPECT_EQ(decide(manager, IssueInvitation{7}, someone).ok(), allowed);
    if (!allowed) {
      expect_refused(decide(manager, SetPersonActive{7, false}, someone), ErrorCode::forbidden);
    }
  }
  // The operator at the command line has the database anyway.
  EXPECT_TRUE(decide(operator_at_the_command_line, SetPersonActive{7, false}, someone).ok());
  EXPECT_TRUE(decide(operator_at_the_command_line, IssueInvitation{7}, someone).ok());
}

TEST(AccountPermissions, PermissionIsExplainedBeforeExistence) {
  expect_refused(decide(as(person(Role::secretariat)), SetPersonActive{404, false}, PersonFacts{}),
                 ErrorCode::forbidden);
  expect_refused(decide(as(admin()), SetPersonActive{404, false}, PersonFacts{}),
                 ErrorCode::not_found);
}

TEST(Organisations, ANameIsNeitherBlankNorTooLongNorTaken) {
  const CreateOrganisationFacts free{false};
  EXPECT_TRUE(
      decide(as(admin()), CreateOrganisation{"Region Gotland", OrganisationKind::region}, free)
          .ok());
  expect_refused(decide(as(admin()), CreateOrganisation{" \u00a0", OrganisationKind::region}, free),
                 ErrorCode::bad_request);
  expect_refused(
      decide(as(admin()),
             CreateOrganisation{std::string(max_name_bytes + 1, 'a'), OrganisationKind::region},
             free),
      ErrorCode::too_large);
  EXPECT_TRUE(decide(as(admin()),
                     CreateOrganisation{std::string(max_name_bytes, 'a'), OrganisationKind::other},
                     free)
                  .ok());
  expect_refused(
      decide(as(admin()), CreateOrganisation{"Malmö stad", OrganisationKind::municipality},
             CreateOrganisationFacts{true}),
      ErrorCode::conflict);
}

TEST(Organisations, DeactivatingNeedsAnActiveOneAndLeavesAnAdmin) {
  const auto acting = admin(100, secretariat_organisation);
  expect_refused(decide(as(acting), SetOrganisationActive{malmo, false}, OrganisationFacts{}),
                 ErrorCode::not_found);
  expect_refused(decide(as(acting), SetOrganisationActive{malmo, false},
                        {organisation_record(malmo, false), two_admins}),
                 ErrorCode::conflict);
  expect_refused(decide(as(acting), SetOrganisationActive{malmo, true},
                        {organisation_record(malmo, true), two_admins}),
                 ErrorCode::conflict);
  EXPECT_TRUE(decide(as(acting), SetOrganisationActive{malmo, true},
                     {organisation_record(malmo, false), two_admins})
                  .ok());
  // One's own organisation: another admin does that.
  expect_refused(decide(as(acting), SetOrganisationActive{secretariat_organisation, false},
                        {organisation_record(secretariat_organisation), two_admins}),
                 ErrorCode::invalid_state);
  // The organisation of every remaining admin, even from the command line.
  expect_refused(
      decide(operator_at_the_command_line, SetOrganisationActive{secretariat_organisation, false},
             {organisation_record(secretariat_organisation), two_admins}),
      ErrorCode::invalid_state);
  // An organisation without admins, while admins exist elsewhere.
  EXPECT_TRUE(decide(as(acting), SetOrganisationActive{malmo, false},
                     {organisation_record(malmo), two_admins})
                  .ok());
  // No admins at all (a fresh database): nothing to keep.
  EXPECT_TRUE(decide(operator_at_the_command_line, SetOrganisationActive{malmo, false},
                     {organisation_record(malmo), {}})
                  .ok());
}

TEST(People, ANewPersonHasANameAPlausibleAddressAndAnActiveOrganisation) {
  const CreatePersonFacts ok{organisation_record(malmo), false};
  const auto create = [&](std::string name, std::string email, const CreatePersonFacts& facts) {
    return decide(as(admin()),
                  CreatePerson{std::move(name), std::move(email), Role::representative, malmo},
                  facts);
  };
  EXPECT_TRUE(create("Anna Lind", "anna.lind@malmo.se", ok).ok());
  expect_refused(create("", "anna.lind@malmo.se", ok), ErrorCode::bad_request);
  expect_refused(create(std::string(max_name_bytes + 1, 'x'), "a@malmo.se", ok),
                 ErrorCode::too_large);
  expect_refused(create("Anna Lind", "anna.lind", ok), ErrorCode::bad_request);
  expect_refused(create("Anna Lind", std::string(max_email_bytes, 'a') + "@malmo.se", ok),
                 ErrorCode::too_large);
  expect_refused(create("Anna Lind", "anna@malmo.se", CreatePersonFacts{}), ErrorCode::not_found);
  expect_refused(create("Anna Lind", "anna@malmo.se", {organisation_record(malmo, false), false}),
                 ErrorCode::invalid_state);
  expect_refused(create("Anna Lind", "anna@malmo.se", {organisation_record(malmo), true}),
                 ErrorCode::conflict);
}

TEST(People, EmailAddressesArePlausibleOrRefused) {
  for (const char* good : {"a@b.se", "anna.lind@malmo.se", "x+y@sub.example.org", "å@ö.se"}) {
    EXPECT_TRUE(is_plausible_email(good)) << good;
  }
  for (const char* bad : {"", "a", "@b.se", "a@", "a@b", "a@.se", "a@b.", "a b@c.se", "a@b@c.se",
                          "a@b.se ", "\ta@b.se", "a@b\n.se"}) {
    EXPECT_FALSE(is_plausible_email(bad)) << bad;
  }
}

TEST(People, DeactivatingKeepsTheLastAdminAndIsNotDoneToOneself) {
  const PersonFacts representative{record(7, Role::representative), two_admins};
  EXPECT_TRUE(decide(as(admin()), SetPersonActive{7, false}, representative).ok());
  expect_refused(decide(as(admin()), SetPersonActive{100, false},
                        {record(100, Role::admin, secretariat_organisation), two_admins}),
                 ErrorCode::invalid_state);
  // Another admin may, while one is left.
  EXPECT_TRUE(decide(as(admin()), SetPersonActive{101, false},
                     {record(101, Role::admin, secretariat_organisation), two_admins})
                  .ok());
  const std::vector<AdminSeat> one_admin = {{101, secretariat_organisation}};
  expect_refused(decide(operator_at_the_command_line, SetPersonActive{101, false},
                        {record(101, Role::admin, secretariat_organisation), one_admin}),
                 ErrorCode::invalid_state);
  auto deactivated = record(7, Role::representative);
  deactivated.active = false;
  expect_refused(decide(as(admin()), SetPersonActive{7, false}, {deactivated, two_admins}),
                 ErrorCode::conflict);
  EXPECT_TRUE(decide(as(admin()), SetPersonActive{7, true}, {deactivated, two_admins}).ok());
  expect_refused(decide(as(admin()), SetPersonActive{7, true}, representative),
                 ErrorCode::conflict);
}

TEST(People, ARoleChangesToAnotherRoleAndTheLastAdminStays) {
  const PersonFacts representative{record(7, Role::representative), two_admins};
  for (const auto role : all_roles) {
    const auto decided = decide(as(admin()), ChangeRole{7, role}, representative);
    if (role == Role::representative) {
      expect_refused(decided, ErrorCode::conflict);
    } else {
      EXPECT_TRUE(decided.ok()) << to_string(role);
    }
  }
  expect_refused(decide(as(admin()), ChangeRole{100, Role::secretariat},
                        {record(100, Role::admin, secretariat_organisation), two_admins}),
                 ErrorCode::invalid_state);
  EXPECT_TRUE(decide(as(admin()), ChangeRole{101, Role::secretariat},
                     {record(101, Role::admin, secretariat_organisation), two_admins})
                  .ok());
  expect_refused(decide(operator_at_the_command_line, ChangeRole{101, Role::observer},
                        {record(101, Role::admin, secretariat_organisation),
                         {{101, secretariat_organisation}}}),
                 ErrorCode::invalid_state);
  expect_refused(decide(as(admin()), ChangeRole{404, Role::observer}, PersonFacts{}),
                 ErrorCode::not_found);
}

TEST(Invitations, AreIssuedForActivePeopleOfActiveOrganisations) {
  EXPECT_TRUE(
      decide(as(admin()), IssueInvitation{7}, {record(7, Role::representative), two_admins}).ok());
  auto deactivated = record(7, Role::representative);
  deactivated.active = false;
  expect_refused(decide(as(admin()), IssueInvitation{7}, {deactivated, two_admins}),
                 ErrorCode::invalid_state);
  auto closed_organisation = record(7, Role::representative);
  closed_organisation.organisation_active = false;
  expect_refused(decide(as(admin()), IssueInvitation{7}, {closed_organisation, two_admins}),
                 ErrorCode::invalid_state);
  expect_refused(decide(as(admin()), IssueInvitation{404}, PersonFacts{}), ErrorCode::not_found);
}

TEST(Invitations, ALinkWorksOnceBeforeItsTimeForItsPerson) {
  const auto anna = record(7, Role::representative);
  const InvitationRecord link{
      .id = 1, .person = 7, .expires_at = now + 1, .used_at = std::nullopt, .revoked = false};
  EXPECT_TRUE(check_invitation(link, anna, now).ok());
  expect_refused(check_invitation(std::nullopt, std::nullopt, now), ErrorCode::not_found);
  expect_refused(check_invitation(link, std::nullopt, now), ErrorCode::not_found);
  expect_refused(check_invitation(link, record(8, Role::representative), now),
                 ErrorCode::not_found);

  auto used = link;
  used.used_at = now - 5;
  expect_refused(check_invitation(used, anna, now), ErrorCode::invitation_used);
  // Used is said before expired: the person wants to know they already set a password.
  used.expires_at = now - 1;
  expect_refused(check_invitation(used, anna, now), ErrorCode::invitation_used);

  auto expired = link;
  expired.expires_at = now;  // the moment it expires it no longer works
  expect_refused(check_invitation(expired, anna, now), ErrorCode::invitation_expired);
  auto replaced = link;
  replaced.revoked = true;
  expect_refused(check_invitation(replaced, anna, now), ErrorCode::invitation_expired);

  auto deactivated = anna;
  deactivated.active = false;
  expect_refused(check_invitation(link, deactivated, now), ErrorCode::invitation_expired);
  auto closed = anna;
  closed.organisation_active = false;
  expect_refused(check_invitation(link, closed, now), ErrorCode::invitation_expired);
}

TEST(Passwords, HaveTenCharactersAtLeastCountedAsCharacters) {
  EXPECT_TRUE(check_new_password("tio tecken").ok());
  expect_refused(check_new_password("nio tecke"), ErrorCode::bad_request);
  // Ten characters, fifteen bytes: enough.
  EXPECT_TRUE(check_new_password("åäöåäabcde").ok());
  // Nine characters, fourteen bytes: not enough, though over ten bytes.
  expect_refused(check_new_password("åäöåäabcd"), ErrorCode::bad_request);
  expect_refused(check_new_password(std::string(12, ' ')), ErrorCode::bad_request);
  expect_refused(check_new_password(""), ErrorCode::bad_request);
  EXPECT_TRUE(check_new_password(std::string(max_password_bytes, 'x')).ok());
  expect_refused(check_new_password(std::string(max_password_bytes + 1, 'x')),
                 ErrorCode::too_large);
}

TEST(Login, NeedsAnActivePersonInAnActiveOrganisationWithAPassword) {
  auto anna = record(7, Role::representative);
  EXPECT_TRUE(can_log_in(anna));
  anna.has_password = false;
  EXPECT_FALSE(can_log_in(anna));
  anna = record(7, Role::representative);
  anna.active = false;
  EXPECT_FALSE(can_log_in(anna));
  anna = record(7, Role::representative);
  anna.organisation_active = false;
  EXPECT_FALSE(can_log_in(anna));
}

TEST(Sessions, APersonEndsTheirOwnSessionsAndNoOneElses) {
  const auto anna = person(Role::representative);  // id 1
  const SessionRecord own{.id = 5, .person = anna.id};
  const SessionRecord someone_elses{.id = 6, .person = anna.id + 1};
  EXPECT_TRUE(decide_end_session(anna, own).ok());
  expect_refused(decide_end_session(anna, someone_elses), ErrorCode::not_found);
  expect_refused(decide_end_session(anna, std::nullopt), ErrorCode::not_found);
  // Not even an admin ends another person's session this way: deactivating does that.
  expect_refused(decide_end_session(admin(anna.id + 2), own), ErrorCode::not_found);
}

}  // namespace
}  // namespace samrad::domain
