#pragma once
// ToolBatch: the client-side function calls of one Responses-delegation
// backend response (PROTOCOLS-LIVE 6). Calls come from completed
// function_call items; each gets a function_call_output; ONE response.create
// goes out once the backend response completed AND every call has its
// output (a partial batch is rejected). A failed or incomplete response drops
// its pending calls. Pure; owned by one LiveTranslator.

#include <string>
#include <string_view>
#include <vector>

namespace voxgate::live {

class ToolBatch {
 public:
  // A new backend response: the previous batch is over.
  void on_response_created();
  // false: a call id already seen (not a new call).
  bool on_call(std::string_view call_id);
  // false: no pending call has this id (its output is not sent).
  bool on_output(std::string_view call_id);
  void on_completed() { completed_ = true; }
  void on_abandoned();
  // True once: the batch is complete; the caller sends response.create.
  bool take_continue();

 private:
  struct Call {
    std::string id;
    bool answered = false;
  };
  std::vector<Call> calls_;
  bool completed_ = false;
};

}  // namespace voxgate::live
