#include <adplan/observe/observations.hpp>

namespace adplan::observe {

std::string_view to_string(DnsStatus s) {
  switch (s) {
    case DnsStatus::Ok:
      return "ok";
    case DnsStatus::NoData:
      return "no such record";
    case DnsStatus::NxDomain:
      return "no such name (NXDOMAIN)";
    case DnsStatus::Timeout:
      return "timed out";
    case DnsStatus::ServerFailure:
      return "server failure (SERVFAIL)";
    case DnsStatus::Refused:
      return "refused";
    case DnsStatus::Error:
      return "error";
  }
  return "error";
}

std::string_view to_string(Transport t) {
  switch (t) {
    case Transport::Ok:
      return "ok";
    case Transport::NoAddress:
      return "no address";
    case Transport::Refused:
      return "connection refused";
    case Transport::Unreachable:
      return "unreachable";
    case Transport::ConnectTimeout:
      return "connect timed out";
    case Transport::TlsTimeout:
      return "TLS handshake timed out";
    case Transport::TlsFailed:
      return "TLS handshake failed";
    case Transport::Timeout:
      return "no answer in time";
    case Transport::Reset:
      return "connection reset";
    case Transport::TooLarge:
      return "answer too large";
    case Transport::Forbidden:
      return "forbidden address (not connected)";
    case Transport::Error:
      return "error";
  }
  return "error";
}

}  // namespace adplan::observe
