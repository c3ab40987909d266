// Login throttling: free failures, doubling waits, the ceiling, forgetting, success, and the
// same answers for any email address.
#include <gtest/gtest.h>

#include <string>

#include "auth/login_throttle.hpp"

using namespace samrad::auth;

namespace {

LoginThrottleLimits limits() {
  return {.free_failures_per_account = 3,
          .free_failures_per_address = 10,
          .first_wait_ms = 1000,
          .max_wait_ms = 8000,
          .forget_after_ms = 60'000,
          .max_tracked = 1000};
}

}  // namespace

TEST(LoginThrottle, FreeFailuresThenDoublingWaitsUpToTheCeiling) {
  LoginThrottle throttle(limits());
  std::int64_t now = 1'000'000;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now), 0);
  // The third failure was the last free one: the fourth is let through and then costs 1 s.
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now), 0);
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now), 1000);
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now + 400), 600);
  now += 1000;
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now), 0);
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now), 2000);
  now += 2000;
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now), 0);
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now), 4000);
  now += 4000;
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now), 0);
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now), 8000);
  now += 8000;
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now), 0);
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", now), 8000) << "the ceiling holds";
}

TEST(LoginThrottle, RefusedAttemptsDoNotLengthenTheWait) {
  LoginThrottle throttle(limits());
  for (int i = 0; i < 4; ++i) throttle.admit("a@x.se", "10.0.0.1", 0);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(throttle.admit("a@x.se", "10.0.0.1", 10), 990);
  EXPECT_EQ(throttle.admit("a@x.se", "10.0.0.1", 1000), 0);
}

TEST(LoginThrottle, TheEmailIsThrottledAsTypedInAnyCase) {
  LoginThrottle throttle(limits());
  // Different addresses, so only the email's count can refuse.
  throttle.admit("Anna@X.se", "10.0.0.1", 0);
  throttle.admit("anna@x.SE", "10.0.0.2", 0);
  throttle.admit("ANNA@X.SE", "10.0.0.3", 0);
  throttle.admit("anna@x.se", "10.0.0.4", 0);
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.5", 0), 1000);
  EXPECT_EQ(throttle.admit("erik@x.se", "10.0.0.5", 0), 0) << "another email is not held up";
}

TEST(LoginThrottle, OneAddressTryingManyEmailsIsHeldUp) {
  LoginThrottle throttle(limits());
  for (int i = 0; i < 11; ++i) {
    EXPECT_EQ(throttle.admit("person" + std::to_string(i) + "@x.se", "10.0.0.9", 0), 0);
  }
  EXPECT_EQ(throttle.admit("someone.new@x.se", "10.0.0.9", 0), 1000);
  EXPECT_EQ(throttle.admit("someone.new@x.se", "10.0.0.8", 0), 0) << "another address is not";
}

TEST(LoginThrottle, ASuccessForgetsTheEmailsFailuresAndGivesTheAddressItsAttemptBack) {
  LoginThrottle throttle(limits());
  for (int i = 0; i < 3; ++i) throttle.admit("anna@x.se", "10.0.0.1", 0);
  throttle.succeeded("ANNA@x.se", "10.0.0.1");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", 0), 0);
  EXPECT_GT(throttle.admit("anna@x.se", "10.0.0.1", 0), 0);

  // Ten people logging in right through one proxy never hold each other up.
  LoginThrottle office(limits());
  for (int i = 0; i < 100; ++i) {
    const std::string email = "person" + std::to_string(i) + "@x.se";
    ASSERT_EQ(office.admit(email, "10.1.1.1", 0), 0) << i;
    office.succeeded(email, "10.1.1.1");
  }
}

TEST(LoginThrottle, FailuresAreForgottenAfterAQuietPeriod) {
  LoginThrottle throttle(limits());
  for (int i = 0; i < 4; ++i) throttle.admit("anna@x.se", "10.0.0.1", 0);
  EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", 10), 990);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(throttle.admit("anna@x.se", "10.0.0.1", 60'000), 0);
}

TEST(LoginThrottle, MadeUpEmailsCannotGrowItWithoutBoundNorFreeABlockedOne) {
  LoginThrottle throttle(limits());
  for (int i = 0; i < 4; ++i) throttle.admit("victim@x.se", "10.0.0.1", 0);
  ASSERT_EQ(throttle.admit("victim@x.se", "10.0.0.2", 1), 999);
  // 5,000 made-up emails from many addresses (so no address is held up) fill the table.
  for (int i = 0; i < 5000; ++i) {
    throttle.admit("made.up" + std::to_string(i) + "@x.se", "10.2." + std::to_string(i), 2);
  }
  EXPECT_EQ(throttle.admit("victim@x.se", "10.0.0.3", 3), 997) << "a running wait survives";
}
