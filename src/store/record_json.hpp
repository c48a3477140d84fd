#pragma once
// A CallRecord as one line of JSON, and back: the spool's file format
// (record_spool.hpp). Every field is written, turns and events included, so a
// record read back is the record written. (The API's JSON in server/api.cpp
// is a view for people: it leaves out the recording path and is not read back.)

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "store/call_record.hpp"

namespace voxgate::store {

// One line: no newline inside (JSON escapes those in strings) and none after.
std::string record_to_json(const CallRecord& record);

// The record, or what is wrong with the text. Never throws.
common::Result<CallRecord, std::string> record_from_json(std::string_view text);

}  // namespace voxgate::store
