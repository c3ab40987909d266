// The agenda's order as thread_moved changes it (protocol/README.md, "Agenda items and thread
// status"): the thread leaves its place and goes just before `before`, or to the end. One rule
// for everything that folds a main stream into an ordered list of threads.
#pragma once

#include <algorithm>
#include <vector>

#include "domain/events.hpp"

namespace samrad::domain {

// Items are anything with an `id` that is a thread id; an unknown thread changes nothing.
template <class Item>
void apply_move(std::vector<Item>& agenda, const ThreadMoved& moved) {
  const auto from = std::find_if(agenda.begin(), agenda.end(),
                                 [&](const Item& item) { return item.id == moved.thread; });
  if (from == agenda.end()) return;
  const auto item = *from;
  agenda.erase(from);
  const auto before =
      moved.before ? std::find_if(agenda.begin(), agenda.end(),
                                  [&](const Item& other) { return other.id == *moved.before; })
                   : agenda.end();
  agenda.insert(before, item);
}

}  // namespace samrad::domain
