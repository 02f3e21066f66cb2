#pragma once
// The queue of waiting runners as an indexed sequence: an implicit treap (a balanced tree keyed
// by place in line) with parent links and a bib -> node index, so that every operation a commit
// needs costs O(log n) whatever the length of the line:
//   insert at a place, erase a bib, the place of a bib, the bib at a place, and the place of
//   the first runner without priority (each subtree counts its non-priority runners).
// Iteration is in line order (for snapshots, views and statistics: O(n), as they must be).
//
// Balance comes from a fixed-seed generator, never from outside, so the same operations build
// the same tree on every replay. Nodes live in one vector (freed slots are reused).

#include "core/types.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <unordered_map>
#include <vector>

namespace tent {

// One change to the line, as a client replays it: take `bib` out, or put it in at `index`.
struct LineChange {
  Bib bib;
  std::size_t index = 0;  // for an insertion: the 0-based place, in the line as it was just before
  bool insert = false;
  bool operator==(LineChange const&) const = default;
};

class Line {
public:
  struct Entry {
    Bib bib;
    bool priority = false;
    bool operator==(Entry const&) const = default;
  };
  static constexpr std::uint32_t nil = 0xffffffffu;

  class const_iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Bib;
    using difference_type = std::ptrdiff_t;
    using pointer = Bib const*;
    using reference = Bib const&;
    const_iterator() = default;
    reference operator*() const;
    pointer operator->() const { return &**this; }
    const_iterator& operator++();
    const_iterator operator++(int) {
      auto old = *this;
      ++*this;
      return old;
    }
    bool priority() const;
    bool operator==(const_iterator const& o) const { return node_ == o.node_; }

  private:
    friend class Line;
    const_iterator(Line const* line, std::uint32_t node) : line_(line), node_(node) {}
    Line const* line_ = nullptr;
    std::uint32_t node_ = nil;
  };

  std::size_t size() const { return size_of(root_); }
  bool empty() const { return root_ == nil; }
  bool contains(Bib const& bib) const { return where_.count(bib) != 0; }
  const_iterator begin() const;
  const_iterator end() const { return {this, nil}; }

  // 0-based place of `bib`, or size() when it is not in line.
  std::size_t index_of(Bib const& bib) const;
  // The bib at a 0-based place (< size()).
  Bib const& at(std::size_t index) const;
  Bib const& front() const { return at(0); }
  // The place of the first runner without priority; size() when every runner has it.
  std::size_t first_ordinary() const;

  // Puts `bib` (not yet in line) at `index`, clamped to size().
  void insert(std::size_t index, Bib const& bib, bool priority);
  // Takes `bib` out of line; false when it was not in it.
  bool erase(Bib const& bib);

  // The line as a list, and rebuilt from one (for snapshots of the state).
  std::vector<Entry> entries() const;
  std::vector<Bib> bibs() const;
  void assign(std::vector<Entry> const& entries);

  // Empty when the tree's links, counts and index agree; otherwise what is wrong.
  std::string check() const;

private:
  struct Node {
    Bib bib;
    std::uint64_t heap = 0;  // treap priority: a parent's is never below its children's
    std::uint32_t left = nil, right = nil, parent = nil;
    std::uint32_t size = 1;      // nodes in this subtree
    std::uint32_t ordinary = 0;  // non-priority runners in this subtree
    bool priority = false;
  };

  std::size_t size_of(std::uint32_t n) const { return n == nil ? 0 : nodes_[n].size; }
  std::size_t ordinary_of(std::uint32_t n) const { return n == nil ? 0 : nodes_[n].ordinary; }
  void update(std::uint32_t n);
  // Splits `n` into the first `k` nodes and the rest; both roots have no parent.
  void split(std::uint32_t n, std::size_t k, std::uint32_t& a, std::uint32_t& b);
  std::uint32_t merge(std::uint32_t a, std::uint32_t b);
  std::uint32_t leftmost(std::uint32_t n) const;
  std::uint32_t next(std::uint32_t n) const;
  std::uint32_t make(Bib const& bib, bool priority);
  std::uint64_t draw();

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_;
  std::unordered_map<Bib, std::uint32_t> where_;
  std::uint32_t root_ = nil;
  std::uint64_t seed_ = 0x9e3779b97f4a7c15ull;  // fixed: replays build the same tree
};

}  // namespace tent
