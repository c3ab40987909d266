// The API token rules: only observers and admins hold tokens; a token's name and end are
// checked and the live ones counted; the owner or an admin revokes, once; a presented token
// works only while it is live, for its scope, and its owner is active and may still hold tokens.
#include "domain/api_tokens.hpp"

#include <gtest/gtest.h>

#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::all_roles;
using fixtures::person;

constexpr Timestamp now = 1'795'428'900'000;
constexpr Timestamp day = 24ll * 3600 * 1000;
const ApiTokenLimits limits{.lifetime_ms = 365 * day, .max_live_per_person = 20};

Person with_id(Role role, PersonId id) {
  auto p = person(role);
  p.id = id;
  return p;
}

ApiTokenRecord token_of(PersonId owner) {
  return ApiTokenRecord{.id = 7,
                        .person = owner,
                        .name = "Nattlig export",
                        .scope = TokenScope::export_,
                        .created_at = now - day,
                        .last_used_at = std::nullopt,
                        .expires_at = now + day,
                        .revoked_at = std::nullopt,
                        .revoked_by = std::nullopt};
}

PersonRecord owner_record(Role role, PersonId id) {
  return PersonRecord{.person = with_id(role, id),
                      .active = true,
                      .organisation_active = true,
                      .has_password = true};
}

TEST(ApiTokens, OnlyObserversAndAdminsHoldThem) {
  for (const auto role : all_roles) {
    const bool holds = role == Role::observer || role == Role::admin;
    EXPECT_EQ(can_hold_api_tokens(person(role)), holds);
    const auto created =
        decide_create_token(person(role), {"Export", std::nullopt}, 0, limits, now);
    EXPECT_EQ(created.ok(), holds);
    if (!holds) {
      EXPECT_EQ(created.error().code, ErrorCode::forbidden);
    }
  }
}

TEST(ApiTokens, LastTheLifetimeUnlessAShorterEndIsChosen) {
  const auto observer = person(Role::observer);
  EXPECT_EQ(*decide_create_token(observer, {"Export", std::nullopt}, 0, limits, now),
            now + 365 * day);
  EXPECT_EQ(*decide_create_token(observer, {"Export", now + 30 * day}, 0, limits, now),
            now + 30 * day);
  EXPECT_EQ(*decide_create_token(observer, {"Export", now + 365 * day}, 0, limits, now),
            now + 365 * day);
  for (const Timestamp end : {now, now - 1, now + 365 * day + 1}) {
    const auto refused = decide_create_token(observer, {"Export", end}, 0, limits, now);
    ASSERT_FALSE(refused.ok()) << end;
    EXPECT_EQ(refused.error().code, ErrorCode::bad_request);
  }
}

TEST(ApiTokens, NamesAreOneTo100BytesAndNotBlank) {
  const auto observer = person(Role::observer);
  EXPECT_TRUE(
      decide_create_token(observer, {std::string(100, 'x'), std::nullopt}, 0, limits, now).ok());
  EXPECT_EQ(decide_create_token(observer, {std::string(101, 'x'), std::nullopt}, 0, limits, now)
                .error()
                .code,
            ErrorCode::too_large);
  for (const char* blank : {"", "   ", "\u200b\n"}) {
    EXPECT_EQ(decide_create_token(observer, {blank, std::nullopt}, 0, limits, now).error().code,
              ErrorCode::bad_request)
        << blank;
  }
}

TEST(ApiTokens, AtMostTheLimitLiveAtOnce) {
  const auto observer = person(Role::observer);
  EXPECT_TRUE(decide_create_token(observer, {"Export", std::nullopt}, 19, limits, now).ok());
  EXPECT_EQ(decide_create_token(observer, {"Export", std::nullopt}, 20, limits, now).error().code,
            ErrorCode::conflict);
}

TEST(ApiTokens, TheOwnerOrAnAdminRevokesOnce) {
  const auto owner = with_id(Role::observer, 1);
  const auto other = with_id(Role::observer, 2);
  const auto admin = with_id(Role::admin, 3);
  const auto token = token_of(owner.id);
  EXPECT_TRUE(decide_revoke_token(owner, token).ok());
  EXPECT_TRUE(decide_revoke_token(admin, token).ok());
  EXPECT_EQ(decide_revoke_token(other, token).error().code, ErrorCode::not_found);
  EXPECT_EQ(decide_revoke_token(owner, std::nullopt).error().code, ErrorCode::not_found);
  auto revoked = token;
  revoked.revoked_at = now;
  revoked.revoked_by = owner.id;
  EXPECT_EQ(decide_revoke_token(owner, revoked).error().code, ErrorCode::invalid_state);
  EXPECT_EQ(decide_revoke_token(admin, revoked).error().code, ErrorCode::invalid_state);
}

TEST(ApiTokens, AUseNeedsALiveTokenOfAnActiveHolder) {
  const auto owner = owner_record(Role::observer, 1);
  const auto token = token_of(1);
  EXPECT_TRUE(check_token_use(token, owner, TokenScope::export_, now).ok());

  auto unauthenticated = [&](const std::optional<ApiTokenRecord>& t,
                             const std::optional<PersonRecord>& o, Timestamp at) {
    const auto status = check_token_use(t, o, TokenScope::export_, at);
    return !status.ok() && status.error().code == ErrorCode::unauthenticated;
  };
  EXPECT_TRUE(unauthenticated(std::nullopt, owner, now));
  EXPECT_TRUE(unauthenticated(token, std::nullopt, now));
  EXPECT_TRUE(unauthenticated(token, owner, token.expires_at));  // expired at its end
  auto revoked = token;
  revoked.revoked_at = now - 1;
  EXPECT_TRUE(unauthenticated(revoked, owner, now));
  auto deactivated = owner;
  deactivated.active = false;
  EXPECT_TRUE(unauthenticated(token, deactivated, now));
  auto organisation_deactivated = owner;
  organisation_deactivated.organisation_active = false;
  EXPECT_TRUE(unauthenticated(token, organisation_deactivated, now));
  EXPECT_TRUE(unauthenticated(token, owner_record(Role::representative, 1), now));
  EXPECT_TRUE(check_token_use(token, owner_record(Role::admin, 1), TokenScope::export_, now).ok());
}

TEST(ApiTokens, ScopesHaveStableNames) {
  EXPECT_EQ(to_string(TokenScope::export_), "export");
  EXPECT_EQ(token_scope_from("export"), TokenScope::export_);
  EXPECT_EQ(token_scope_from("write"), std::nullopt);
}

}  // namespace
}  // namespace samrad::domain
