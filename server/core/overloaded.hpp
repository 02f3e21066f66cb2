#pragma once
// The visitor idiom for std::visit over the command and event variants.

namespace tent {

template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
// Spelled out for clang 14 (the fuzz build), which does not yet deduce aggregate templates by itself.
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

}  // namespace tent
