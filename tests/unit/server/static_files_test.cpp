#include "server/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace voxgate::server {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("voxgate_static_" + std::to_string(::getpid()));
    fs::create_directories(root_ / "web" / "js");
    write(root_ / "web" / "index.html", "<h1>hi</h1>");
    write(root_ / "web" / "js" / "app.js", "x=1");
    write(root_ / "web" / ".secret", "no");
    write(root_ / "outside.txt", "no");
  }
  void TearDown() override { fs::remove_all(root_); }
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  std::string web() const { return (root_ / "web").string(); }
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirTypeAndIndexForAFolder) {
  auto index = read_static(web(), "");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->body, "<h1>hi</h1>");
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  auto js = read_static(web(), "js/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, RefusesPathsOutsideTheRootHiddenFilesAndFolders) {
  for (const char* bad : {"../outside.txt", "js/../../outside.txt", ".secret", "js//app.js",
                          "/etc/passwd", "js", "missing.html", "js\\..\\index.html"}) {
    EXPECT_FALSE(read_static(web(), bad)) << bad;
  }
}

}  // namespace
}  // namespace voxgate::server
