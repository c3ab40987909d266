// The test-side PostgreSQL support (unit/support/postgres_process.hpp) against a real server:
// it starts, gives each test its own database, supports the ICU collation the store relies on,
// and survives kill, restart and pause as the fault tests need.
#include "postgres_process.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>

namespace samrad::testing {
namespace {

using Connection = std::unique_ptr<PGconn, void (*)(PGconn*)>;

Connection connect(const std::string& conninfo) {
  return Connection(PQconnectdb(conninfo.c_str()), &PQfinish);
}

bool connects(const std::string& conninfo) {
  return PQstatus(connect(conninfo).get()) == CONNECTION_OK;
}

// Runs one statement; the first column of the first row, an empty string when there is none,
// or nothing on an error (with the SQLSTATE in `sqlstate` when given).
std::optional<std::string> query(PGconn* connection, const std::string& sql,
                                 std::string* sqlstate = nullptr) {
  std::unique_ptr<PGresult, void (*)(PGresult*)> result(PQexec(connection, sql.c_str()), &PQclear);
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    if (sqlstate) *sqlstate = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    return std::nullopt;
  }
  if (PQntuples(result.get()) == 0) return "";
  return PQgetvalue(result.get(), 0, 0);
}

TEST(PostgresProcess, AcceptsConnectionsOnItsOwnPort) {
  auto& server = shared_postgres();
  EXPECT_NE(server.port(), 5432);
  const auto connection = connect(server.conninfo());
  ASSERT_EQ(PQstatus(connection.get()), CONNECTION_OK) << PQerrorMessage(connection.get());
  EXPECT_EQ(query(connection.get(), "SELECT 1"), "1");
}

TEST(PostgresProcess, EachCreatedDatabaseIsFreshAndSeparate) {
  auto& server = shared_postgres();
  const auto first_conninfo = server.create_database();
  const auto second_conninfo = server.create_database();
  ASSERT_NE(first_conninfo, second_conninfo);
  const auto first = connect(first_conninfo);
  const auto second = connect(second_conninfo);
  ASSERT_EQ(PQstatus(first.get()), CONNECTION_OK) << PQerrorMessage(first.get());
  ASSERT_EQ(PQstatus(second.get()), CONNECTION_OK) << PQerrorMessage(second.get());

  ASSERT_TRUE(query(first.get(), "CREATE TABLE only_in_first (id int)"));
  EXPECT_EQ(query(first.get(), "SELECT count(*) FROM only_in_first"), "0");
  EXPECT_EQ(query(second.get(), "SELECT to_regclass('only_in_first') IS NULL"), "t");
}

TEST(PostgresProcess, IcuCaseInsensitiveCollationMakesUniqueIgnoreCase) {
  const auto connection = connect(shared_postgres().create_database());
  ASSERT_EQ(PQstatus(connection.get()), CONNECTION_OK) << PQerrorMessage(connection.get());
  ASSERT_TRUE(query(connection.get(),
                    "CREATE COLLATION case_insensitive "
                    "(provider = icu, locale = 'und-u-ks-level2', deterministic = false)"));
  ASSERT_TRUE(
      query(connection.get(), "CREATE TABLE people (email text COLLATE case_insensitive UNIQUE)"));
  ASSERT_TRUE(query(connection.get(), "INSERT INTO people VALUES ('a@x.se')"));

  std::string sqlstate;
  EXPECT_FALSE(query(connection.get(), "INSERT INTO people VALUES ('A@x.se')", &sqlstate));
  EXPECT_EQ(sqlstate, "23505");  // unique_violation
}

TEST(PostgresProcess, KillStopsItAndRestartBringsItBackWithTheData) {
  PostgresServer server;
  const auto database = server.create_database();
  {
    const auto connection = connect(database);
    ASSERT_TRUE(query(connection.get(), "CREATE TABLE kept (word text)"));
    ASSERT_TRUE(query(connection.get(), "INSERT INTO kept VALUES ('still here')"));
  }
  const int port = server.port();

  server.kill();
  EXPECT_FALSE(connects(database));

  server.restart();
  EXPECT_EQ(server.port(), port);
  EXPECT_EQ(query(connect(database).get(), "SELECT word FROM kept"), "still here");

  // Restarting a running server stops it first.
  server.restart();
  EXPECT_EQ(query(connect(database).get(), "SELECT word FROM kept"), "still here");
}

TEST(PostgresProcess, PauseMakesConnectionsTimeOutUntilResume) {
  PostgresServer server;
  const auto quick = server.conninfo() + " connect_timeout=1";
  const auto open_before = connect(quick);
  ASSERT_EQ(PQstatus(open_before.get()), CONNECTION_OK);

  server.pause();
  EXPECT_FALSE(connects(quick));
  server.resume();

  EXPECT_TRUE(connects(quick));
  // The backend that was paused along with the postmaster answers again too.
  EXPECT_EQ(query(open_before.get(), "SELECT 1"), "1");
}

}  // namespace
}  // namespace samrad::testing
