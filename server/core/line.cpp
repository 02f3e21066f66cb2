#include "core/line.hpp"

#include <algorithm>

namespace tent {

Bib const& Line::const_iterator::operator*() const { return line_->nodes_[node_].bib; }

bool Line::const_iterator::priority() const { return line_->nodes_[node_].priority; }

Line::const_iterator& Line::const_iterator::operator++() {
  node_ = line_->next(node_);
  return *this;
}

Line::const_iterator Line::begin() const { return {this, root_ == nil ? nil : leftmost(root_)}; }

std::uint32_t Line::leftmost(std::uint32_t n) const {
  while (nodes_[n].left != nil) n = nodes_[n].left;
  return n;
}

// In-order successor through the parent links: O(1) amortised over a whole walk.
std::uint32_t Line::next(std::uint32_t n) const {
  if (nodes_[n].right != nil) return leftmost(nodes_[n].right);
  auto p = nodes_[n].parent;
  while (p != nil && nodes_[p].right == n) {
    n = p;
    p = nodes_[p].parent;
  }
  return p;
}

// splitmix64: a fixed sequence, so the tree's shape depends only on the operations.
std::uint64_t Line::draw() {
  std::uint64_t z = (seed_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void Line::update(std::uint32_t n) {
  auto& x = nodes_[n];
  x.size = static_cast<std::uint32_t>(1 + size_of(x.left) + size_of(x.right));
  x.ordinary = static_cast<std::uint32_t>((x.priority ? 0 : 1) + ordinary_of(x.left) + ordinary_of(x.right));
  if (x.left != nil) nodes_[x.left].parent = n;
  if (x.right != nil) nodes_[x.right].parent = n;
}

void Line::split(std::uint32_t n, std::size_t k, std::uint32_t& a, std::uint32_t& b) {
  if (n == nil) {
    a = b = nil;
    return;
  }
  if (size_of(nodes_[n].left) >= k) {
    std::uint32_t l = nil;
    split(nodes_[n].left, k, a, l);
    nodes_[n].left = l;
    update(n);
    b = n;
  } else {
    std::uint32_t r = nil;
    split(nodes_[n].right, k - size_of(nodes_[n].left) - 1, r, b);
    nodes_[n].right = r;
    update(n);
    a = n;
  }
  if (a != nil) nodes_[a].parent = nil;
  if (b != nil) nodes_[b].parent = nil;
}

std::uint32_t Line::merge(std::uint32_t a, std::uint32_t b) {
  if (a == nil) return b;
  if (b == nil) return a;
  if (nodes_[a].heap >= nodes_[b].heap) {
    nodes_[a].right = merge(nodes_[a].right, b);
    update(a);
    nodes_[a].parent = nil;
    return a;
  }
  nodes_[b].left = merge(a, nodes_[b].left);
  update(b);
  nodes_[b].parent = nil;
  return b;
}

std::uint32_t Line::make(Bib const& bib, bool priority) {
  Node node;
  node.bib = bib;
  node.heap = draw();
  node.priority = priority;
  node.ordinary = priority ? 0 : 1;
  if (!free_.empty()) {
    auto const n = free_.back();
    free_.pop_back();
    nodes_[n] = std::move(node);
    return n;
  }
  nodes_.push_back(std::move(node));
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

std::size_t Line::index_of(Bib const& bib) const {
  auto it = where_.find(bib);
  if (it == where_.end()) return size();
  auto n = it->second;
  auto index = size_of(nodes_[n].left);
  for (auto p = nodes_[n].parent; p != nil; n = p, p = nodes_[p].parent)
    if (nodes_[p].right == n) index += size_of(nodes_[p].left) + 1;
  return index;
}

Bib const& Line::at(std::size_t index) const {
  auto n = root_;
  for (;;) {
    auto const left = size_of(nodes_[n].left);
    if (index == left) return nodes_[n].bib;
    if (index < left) {
      n = nodes_[n].left;
    } else {
      index -= left + 1;
      n = nodes_[n].right;
    }
  }
}

std::size_t Line::first_ordinary() const {
  if (ordinary_of(root_) == 0) return size();
  std::size_t index = 0;
  auto n = root_;
  for (;;) {
    auto const& x = nodes_[n];
    if (ordinary_of(x.left) > 0) {
      n = x.left;
    } else if (!x.priority) {
      return index + size_of(x.left);
    } else {
      index += size_of(x.left) + 1;
      n = x.right;
    }
  }
}

void Line::insert(std::size_t index, Bib const& bib, bool priority) {
  index = std::min(index, size());
  auto const n = make(bib, priority);
  where_[bib] = n;
  std::uint32_t a = nil, b = nil;
  split(root_, index, a, b);
  root_ = merge(merge(a, n), b);
}

bool Line::erase(Bib const& bib) {
  auto it = where_.find(bib);
  if (it == where_.end()) return false;
  auto const n = it->second;
  auto const index = index_of(bib);
  std::uint32_t a = nil, rest = nil, one = nil, b = nil;
  split(root_, index, a, rest);
  split(rest, 1, one, b);
  root_ = merge(a, b);
  where_.erase(it);
  nodes_[n] = Node{};
  free_.push_back(n);
  return true;
}

std::vector<Line::Entry> Line::entries() const {
  std::vector<Entry> out;
  out.reserve(size());
  for (auto it = begin(); it != end(); ++it) out.push_back({*it, it.priority()});
  return out;
}

std::vector<Bib> Line::bibs() const { return {begin(), end()}; }

void Line::assign(std::vector<Entry> const& entries) {
  nodes_.clear();
  free_.clear();
  where_.clear();
  root_ = nil;
  for (auto const& e : entries) insert(size(), e.bib, e.priority);
}

std::string Line::check() const {
  std::vector<bool> freed(nodes_.size());
  for (auto n : free_) freed[n] = true;
  std::size_t live = 0;
  for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
    if (freed[n]) continue;
    ++live;
    auto const& x = nodes_[n];
    auto it = where_.find(x.bib);
    if (it == where_.end() || it->second != n) return "bib " + x.bib + " is not indexed at its node";
    if (x.size != 1 + size_of(x.left) + size_of(x.right)) return "bib " + x.bib + " has a wrong subtree size";
    if (x.ordinary != (x.priority ? 0 : 1) + ordinary_of(x.left) + ordinary_of(x.right))
      return "bib " + x.bib + " has a wrong priority count";
    for (auto child : {x.left, x.right})
      if (child != nil && (nodes_[child].parent != n || nodes_[child].heap > x.heap))
        return "bib " + x.bib + " has a child that does not point back or outranks it";
    if ((x.parent == nil) != (n == root_)) return "bib " + x.bib + " has a wrong parent link";
  }
  if (live != where_.size() || live != size()) return "the line's index and tree disagree on its length";
  return {};
}

}  // namespace tent
