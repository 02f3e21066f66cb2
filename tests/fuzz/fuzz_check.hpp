#pragma once
// What every fuzz target checks beyond the sanitizers: a failed check aborts, so libFuzzer keeps
// the input as a crash.

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                            \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (false)

namespace tent::fuzz {

// A reply is a success, or the error envelope {"error":{"code","message"}} with a 4xx/5xx status;
// either way it serialises (dump throws on text that is not UTF-8).
inline void check_reply(int status, nlohmann::json const& body) {
  FUZZ_CHECK(status >= 200 && status < 600);
  if (status >= 400) {
    FUZZ_CHECK(body.is_object() && body.contains("error"));
    auto const& e = body.at("error");
    FUZZ_CHECK(e.at("code").is_string() && !e.at("code").get_ref<std::string const&>().empty());
    FUZZ_CHECK(e.at("message").is_string() && !e.at("message").get_ref<std::string const&>().empty());
  }
  (void)body.dump();
}

}  // namespace tent::fuzz
