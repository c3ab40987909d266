// Open connections per network address, so that one address cannot hold every file the process
// may open (slow-loris: connections opened and fed a byte now and then). A connection takes a
// lease when it is accepted and gives it back when it closes; an HTTP connection's lease passes
// to its WebSocket at the upgrade. Trusted proxies carry many people's connections and are not
// bounded.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace samrad::net {

class AddressLeases {
  struct Counts {
    std::mutex mutex;
    std::unordered_map<std::string, std::size_t> open;
  };

 public:
  class Lease {
   public:
    Lease() = default;
    Lease(std::shared_ptr<Counts> counts, std::string address)
        : counts_(std::move(counts)), address_(std::move(address)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&& other) noexcept {
      release();
      counts_ = std::move(other.counts_);
      address_ = std::move(other.address_);
      return *this;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { release(); }

   private:
    void release() {
      if (!counts_) return;
      std::lock_guard lock(counts_->mutex);
      const auto found = counts_->open.find(address_);
      if (found != counts_->open.end() && --found->second == 0) counts_->open.erase(found);
      counts_.reset();
    }
    std::shared_ptr<Counts> counts_;  // empty: an unbounded address, or given back
    std::string address_;
  };

  // `unbounded`: addresses as asio prints them (the trusted proxies).
  AddressLeases(std::size_t max_per_address, std::vector<std::string> unbounded)
      : max_per_address_(max_per_address), unbounded_(std::move(unbounded)) {}

  // A lease for one more connection from this address, or nothing when it has its maximum.
  std::optional<Lease> take(const std::string& address) {
    for (const auto& proxy : unbounded_) {
      if (proxy == address) return Lease{};
    }
    std::lock_guard lock(counts_->mutex);
    auto& open = counts_->open[address];
    if (open >= max_per_address_) {
      if (open == 0) counts_->open.erase(address);
      return std::nullopt;
    }
    ++open;
    return Lease{counts_, address};
  }

 private:
  const std::size_t max_per_address_;
  const std::vector<std::string> unbounded_;
  // Shared with the leases, which may outlive this (a session closing during shutdown).
  std::shared_ptr<Counts> counts_ = std::make_shared<Counts>();
};

}  // namespace samrad::net
