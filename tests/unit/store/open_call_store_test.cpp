#include "store/open_call_store.hpp"

#include <gtest/gtest.h>

#include "store/sqlite_call_store.hpp"
#include "store_test_util.hpp"

namespace voxgate::store {
namespace {

TEST(OpenCallStore, WithoutAUrlItIsSqliteAtTheDatabasePath) {
  test::TempDir dir;
  StoreOptions options;
  options.db = dir.file("calls.db");
  auto s = open_call_store(options);
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_NE(dynamic_cast<SqliteCallStore*>(s->get()), nullptr);
  std::string error;
  EXPECT_TRUE((*s)->save(test::sample("1", 1000, "caller_hangup"), error)) << error;
  EXPECT_TRUE((*s)->get("1"));
}

TEST(OpenCallStore, AUrlOfAnotherSchemeIsRefusedWithItsPasswordHidden) {
  StoreOptions options;
  options.url = "mysql://voxgate:s3cret@127.0.0.1/voxgate";
  auto s = open_call_store(options);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("is not a postgresql:// or postgres:// URL"), std::string::npos)
      << s.error();
  EXPECT_NE(s.error().find("mysql://voxgate:***@127.0.0.1/voxgate"), std::string::npos);
  EXPECT_EQ(s.error().find("s3cret"), std::string::npos) << s.error();
}

TEST(OpenCallStore, NeitherUrlNorDatabaseIsAnError) {
  auto s = open_call_store({});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error(), "no call store: set store.url or store.db");
}

TEST(OpenCallStore, TheSpoolDefaultsToTheDatabasesFolder) {
  EXPECT_EQ(default_spool_path("/var/lib/voxgate/voxgate.db"),
            "/var/lib/voxgate/voxgate-spool.jsonl");
  EXPECT_EQ(default_spool_path("voxgate.db"), "voxgate-spool.jsonl");
  EXPECT_EQ(default_spool_path(""), "voxgate-spool.jsonl");
}

}  // namespace
}  // namespace voxgate::store
