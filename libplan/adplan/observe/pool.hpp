#pragma once
// Issue 24: what the probes saw of a load-balanced pool, as plain data: for every TLS door of a
// namespace (443 and the mail doors), the certificate each server presented at its own address
// and what the load balancer's addresses presented, with the namespace as SNI. No judgement:
// verify/judge_pool.cpp compares them.
#include <adplan/observe/doors.hpp>

#include <optional>
#include <string>
#include <vector>

namespace adplan::observe {

// One member to knock on: a server by its own address, or the load balancer.
struct PoolMemberTarget {
  std::string name;     // the Exchange server's name; "load balancer" for the load balancer
  std::string address;  // where to connect
  bool load_balancer = false;
};

// One TLS door of one load-balanced namespace (verify/pool_plan.hpp makes them from the Plan).
struct PoolTarget {
  std::string name_space;  // the SNI sent and the name the certificate must carry
  std::string door;        // https | smtp | submission | imap | pop
  int port = 443;
  bool implicit_tls = true;  // https, 993, 995; otherwise STARTTLS / STLS first
  std::vector<PoolMemberTarget> members;
  std::string lb_tls;  // passthrough | bridging | offloading
  // With no member answering at its own address: connections made to the load balancer so that,
  // for pass-through, every member is seen with high probability (bounded by the deadline).
  int samples = 0;
};

struct PoolPlan {
  std::vector<PoolTarget> targets;
  bool extended_protection = false;
  [[nodiscard]] bool empty() const { return targets.empty(); }
};

// One connection and the leaf it presented.
struct PoolConnection {
  PoolMemberTarget member;
  Transport transport = Transport::Error;
  std::string error;                     // "" when the handshake finished
  std::optional<CertificateFacts> leaf;  // the certificate presented (sha256, thumbprint, serial, notAfter)
  int ms = 0;
};

struct PoolObservation {
  PoolTarget target;
  std::vector<PoolConnection> members;  // one per member target, in the target's order
  std::vector<PoolConnection> sampled;  // the load balancer again and again, when no member answered
};

}  // namespace adplan::observe
