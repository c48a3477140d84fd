#include "store/redact_url.hpp"

#include <gtest/gtest.h>

namespace voxgate::store {
namespace {

TEST(RedactUrl, HidesTheUserInfoPassword) {
  EXPECT_EQ(redact_url("postgresql://voxgate:s3cret@db.example:5432/voxgate"),
            "postgresql://voxgate:***@db.example:5432/voxgate");
  EXPECT_EQ(redact_url("postgres://u:p@127.0.0.1/db"), "postgres://u:***@127.0.0.1/db");
  EXPECT_EQ(redact_url("postgresql://u:p@[::1]:5432/db"), "postgresql://u:***@[::1]:5432/db");
}

TEST(RedactUrl, HidesAPasswordHoldingAnUnescapedAtOrColonWhole) {
  EXPECT_EQ(redact_url("postgresql://u:p@ss:w@host/db"), "postgresql://u:***@host/db");
}

TEST(RedactUrl, HidesAPasswordQueryParameter) {
  EXPECT_EQ(redact_url("postgresql://host/db?user=u&password=s3cret&sslmode=require"),
            "postgresql://host/db?user=u&password=***&sslmode=require");
  EXPECT_EQ(redact_url("postgresql://host/db?password=s3cret"),
            "postgresql://host/db?password=***");
  EXPECT_EQ(redact_url("postgresql://u:a@host/db?password=b"),
            "postgresql://u:***@host/db?password=***");
}

TEST(RedactUrl, LeavesAUrlWithoutPasswordAlone) {
  for (const char* url : {"postgresql://voxgate@127.0.0.1:5432/voxgate",
                          "postgresql://host:5432/db", "postgresql:///db?host=/var/run/postgresql",
                          "postgresql://host/db?passwords=x", "not a url", ""}) {
    EXPECT_EQ(redact_url(url), url);
  }
}

TEST(RedactUrl, AnAtAfterThePathIsNotUserInfo) {
  EXPECT_EQ(redact_url("postgresql://host:5432/db@x"), "postgresql://host:5432/db@x");
}

}  // namespace
}  // namespace voxgate::store
