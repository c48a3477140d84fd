#pragma once
// A Redis reply copied out of hiredis's redisReply tree, so it can cross
// threads and outlive freeReplyObject.

#include <cstdint>
#include <string>
#include <vector>

struct redisReply;

namespace voxgate::cluster {

struct RedisReply {
  enum class Type { kNil, kString, kStatus, kError, kInteger, kArray };
  Type type = Type::kNil;
  std::string str;  // kString, kStatus, kError
  int64_t integer = 0;
  std::vector<RedisReply> elements;  // kArray

  bool is_nil() const { return type == Type::kNil; }
  bool is_error() const { return type == Type::kError; }

  static RedisReply from(const redisReply& r);
};

}  // namespace voxgate::cluster
