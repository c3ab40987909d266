// The PostgreSQL store through a server restart and a server that is gone: a command either
// commits or fails with storage_failed, never both; once the server is back, the store goes on
// without being opened again (its connections reconnect on their next use).
#include <gtest/gtest.h>

#include "postgres_process.hpp"
#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

class PostgresRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<PostgresStore>(
        PostgresOptions{.conninfo = server_.create_database(), .read_connections = 2});
    malmo_ = *store_->create_organisation("Malmö stad", domain::OrganisationKind::municipality);
  }

  // A write (an organisation) and a read of it, each as the store answers them.
  Result<domain::OrganisationId> write(const std::string& name) {
    return store_->create_organisation(name, domain::OrganisationKind::municipality);
  }
  bool listed(const std::string& name) {
    auto organisations = store_->list_organisations();
    if (!organisations) return false;
    for (const auto& organisation : *organisations) {
      if (organisation.name == name) return true;
    }
    return false;
  }
  Appended batch_write(const std::string& title) {
    const Work work = [&](WriteTransaction& tx) -> Appended {
      tx.accounts().insert_organisation(title, domain::OrganisationKind::region);
      return std::vector<domain::Event>{};
    };
    return std::move(store_->write(std::span(&work, 1)).at(0));
  }

  samrad::testing::PostgresServer server_;
  std::unique_ptr<PostgresStore> store_;
  domain::OrganisationId malmo_ = 0;
};

TEST_F(PostgresRestartTest, AfterARestartReadsAndWritesGoOnWithoutAnError) {
  ASSERT_TRUE(listed("Malmö stad"));
  server_.restart();
  // The first use of each dead connection finds it dead; the store opens a new one.
  EXPECT_TRUE(listed("Malmö stad"));
  const auto batch = batch_write("Region Skåne");
  EXPECT_TRUE(batch.ok()) << batch.error().message;
  EXPECT_TRUE(listed("Region Skåne"));
}

TEST_F(PostgresRestartTest, WhileTheServerIsGoneCommandsFailClearlyAndStoreNothing) {
  server_.kill();
  const auto lost = batch_write("Region Gotland");
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, domain::ErrorCode::storage_failed);
  EXPECT_NE(lost.error().message.find("database"), std::string::npos) << lost.error().message;
  const auto read = store_->list_organisations();
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, domain::ErrorCode::storage_failed);
  server_.restart();
  EXPECT_FALSE(listed("Region Gotland")) << "a failed command stored nothing";
  EXPECT_TRUE(batch_write("Region Gotland").ok());
  EXPECT_TRUE(listed("Region Gotland"));
}

}  // namespace
}  // namespace samrad::store::testing
