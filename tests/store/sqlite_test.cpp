#include "store/sqlite.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <stdexcept>
#include <string>

using namespace tent::store;

namespace {

std::int64_t count_rows(Database const& db) {
  auto select = db.prepare("SELECT count(*) FROM t");
  select.step();
  return select.column_int64(0);
}

Database memory_db_with_table() {
  Database db(":memory:", open_readwrite | open_create);
  db.exec("CREATE TABLE t (x INTEGER, s TEXT)");
  return db;
}

}  // namespace

TEST_CASE("A committed transaction keeps its writes", "[store]") {
  auto db = memory_db_with_table();
  {
    Transaction transaction(db);
    db.exec("INSERT INTO t (x) VALUES (1)");
    transaction.commit();
  }
  CHECK(count_rows(db) == 1);
}

TEST_CASE("A transaction left without commit rolls back at scope end", "[store]") {
  auto db = memory_db_with_table();
  {
    Transaction transaction(db);
    db.exec("INSERT INTO t (x) VALUES (1)");
    CHECK(count_rows(db) == 1);
  }
  CHECK(count_rows(db) == 0);
  // The connection is out of the transaction: a new one can begin.
  CHECK_NOTHROW(Transaction(db).commit());
}

TEST_CASE("A transaction rolls back when an exception leaves its scope", "[store]") {
  auto db = memory_db_with_table();
  auto const write_then_throw = [&] {
    Transaction transaction(db);
    db.exec("INSERT INTO t (x) VALUES (1)");
    throw std::runtime_error("boom");
  };
  CHECK_THROWS_WITH(write_then_throw(), "boom");
  CHECK(count_rows(db) == 0);
}

TEST_CASE("Bad SQL throws Error carrying sqlite's message and code", "[store]") {
  Database db(":memory:", open_readwrite | open_create);

  SECTION("in exec") {
    try {
      db.exec("SELEC 1");
      FAIL("no exception");
    } catch (Error const& e) {
      CHECK(std::string(e.what()) == "near \"SELEC\": syntax error");
      CHECK(e.code() == SQLITE_ERROR);
    }
  }
  SECTION("in prepare") {
    try {
      db.prepare("SELECT * FROM missing");
      FAIL("no exception");
    } catch (Error const& e) {
      CHECK(std::string(e.what()) == "no such table: missing");
      CHECK(e.code() == SQLITE_ERROR);
    }
  }
  SECTION("in prepare, given two statements") { CHECK_THROWS_AS(db.prepare("SELECT 1; SELECT 2"), Error); }
  SECTION("in prepare, given no statement") { CHECK_THROWS_AS(db.prepare("  ;"), Error); }
}

TEST_CASE("A constraint violation in step throws Error with the extended code", "[store]") {
  Database db(":memory:", open_readwrite | open_create);
  db.exec("CREATE TABLE u (k TEXT PRIMARY KEY)");
  auto insert = db.prepare("INSERT INTO u (k) VALUES (?)");
  insert.bind(1, std::string_view("a"));
  CHECK_FALSE(insert.step());
  insert.reset();
  insert.bind(1, std::string_view("a"));
  try {
    insert.step();
    FAIL("no exception");
  } catch (Error const& e) {
    CHECK(e.code() == SQLITE_CONSTRAINT);
    CHECK(e.extended_code() == SQLITE_CONSTRAINT_PRIMARYKEY);
    CHECK_THAT(e.what(), Catch::Contains("UNIQUE constraint failed: u.k"));
  }
  // After reset the statement is usable again.
  insert.reset();
  insert.bind(1, std::string_view("b"));
  CHECK_FALSE(insert.step());
  CHECK(db.changes() == 1);
}

TEST_CASE("A statement binds and reads back integers, text and NULL", "[store]") {
  auto db = memory_db_with_table();
  auto insert = db.prepare("INSERT INTO t (x, s) VALUES (?, ?)");
  insert.bind(1, std::int64_t{9'007'199'254'740'993});    // beyond a double's exact range
  insert.bind(2, std::string_view("caf\xc3\xa9\0x", 7));  // embedded NUL kept
  insert.step();
  CHECK(db.last_insert_rowid() == 1);
  insert.reset();
  insert.bind(1, nullptr);
  insert.bind(2, std::string_view());
  insert.step();
  CHECK(db.last_insert_rowid() == 2);

  auto select = db.prepare("SELECT x, s FROM t ORDER BY rowid");
  REQUIRE(select.step());
  CHECK(select.column_int64(0) == 9'007'199'254'740'993);
  CHECK(select.column_text(1) == std::string("caf\xc3\xa9\0x", 7));
  CHECK_FALSE(select.is_null(0));
  REQUIRE(select.step());
  CHECK(select.is_null(0));
  CHECK_FALSE(select.is_null(1));  // an empty view binds "", not NULL
  CHECK(select.column_text(1).empty());
  CHECK_FALSE(select.step());
  CHECK_THROWS_AS(select.column_int64(2), Error);
}

TEST_CASE("Binding an index out of range throws Error", "[store]") {
  Database db(":memory:", open_readwrite | open_create);
  auto select = db.prepare("SELECT ?");
  CHECK_THROWS_AS(select.bind(2, std::int64_t{1}), Error);
}

TEST_CASE("Opening a missing file without the create flag throws Error", "[store]") {
  CHECK_THROWS_AS(Database("/nonexistent-dir-for-tent-tests/x.db", open_readwrite), Error);
}

TEST_CASE("A blob keeps every byte, read whole by column or straight from its pages", "[store]") {
  Database db(":memory:", open_readwrite | open_create);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)");
  std::string const bytes("\0\x01\xff text \0 end", 14);
  auto insert = db.prepare("INSERT INTO t (id, data) VALUES (7, ?)");
  insert.bind_blob(1, bytes);
  insert.step();
  auto select = db.prepare("SELECT data FROM t WHERE id = 7");
  REQUIRE(select.step());
  CHECK(select.column_blob(0) == bytes);
  CHECK(db.read_blob("t", "data", 7) == bytes);
  CHECK_THROWS_AS(db.read_blob("t", "data", 8), Error);
}
