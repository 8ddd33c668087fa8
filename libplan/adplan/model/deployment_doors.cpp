#include <adplan/model/deployment.hpp>

#include <algorithm>
#include <array>

namespace adplan {
namespace {

constexpr std::array k_smtp_ports{DoorPort{25, DoorTls::StartTls}};
constexpr std::array k_submission_ports{DoorPort{587, DoorTls::StartTls}};
constexpr std::array k_imap_ports{DoorPort{993, DoorTls::Implicit}, DoorPort{143, DoorTls::StartTls}};
constexpr std::array k_pop_ports{DoorPort{995, DoorTls::Implicit}, DoorPort{110, DoorTls::StartTls}};

constexpr std::array k_door_kinds{DoorKind::Smtp, DoorKind::Submission, DoorKind::Imap, DoorKind::Pop};

}  // namespace

std::span<const DoorPort> door_ports(DoorKind kind) {
  switch (kind) {
    case DoorKind::Smtp:
      return k_smtp_ports;
    case DoorKind::Submission:
      return k_submission_ports;
    case DoorKind::Imap:
      return k_imap_ports;
    case DoorKind::Pop:
      return k_pop_ports;
  }
  return {};
}

std::string_view door_key(DoorKind kind) {
  switch (kind) {
    case DoorKind::Smtp:
      return "smtp";
    case DoorKind::Submission:
      return "submission";
    case DoorKind::Imap:
      return "imap";
    case DoorKind::Pop:
      return "pop";
  }
  return "";
}

std::optional<DoorKind> parse_door_kind(std::string_view key) {
  for (auto k : k_door_kinds) {
    if (door_key(k) == key) return k;
  }
  return std::nullopt;
}

std::string_view door_exchange_service(DoorKind kind) {
  switch (kind) {
    case DoorKind::Smtp:
    case DoorKind::Submission:
      return "SMTP";
    case DoorKind::Imap:
      return "IMAP";
    case DoorKind::Pop:
      return "POP";
  }
  return "";
}

std::string_view door_tls_key(DoorTls tls) {
  return tls == DoorTls::Implicit ? "implicit" : "starttls";
}

std::string_view mta_sts_mode_key(MtaStsMode mode) {
  switch (mode) {
    case MtaStsMode::None:
      return "none";
    case MtaStsMode::Testing:
      return "testing";
    case MtaStsMode::Enforce:
      return "enforce";
  }
  return "";
}

std::optional<MtaStsMode> parse_mta_sts_mode(std::string_view key) {
  for (auto m : {MtaStsMode::None, MtaStsMode::Testing, MtaStsMode::Enforce}) {
    if (mta_sts_mode_key(m) == key) return m;
  }
  return std::nullopt;
}

const MailDoor* Deployment::door(DoorKind kind) const {
  auto it = std::ranges::find(doors, kind, &MailDoor::kind);
  return it == doors.end() ? nullptr : &*it;
}

std::string_view dane_rollover_key(DaneRollover r) {
  return r == DaneRollover::NextKey ? "next-key" : "reuse-key";
}

std::optional<DaneRollover> parse_dane_rollover(std::string_view key) {
  if (key == "reuse-key") return DaneRollover::ReuseKey;
  if (key == "next-key") return DaneRollover::NextKey;
  return std::nullopt;
}

}  // namespace adplan
