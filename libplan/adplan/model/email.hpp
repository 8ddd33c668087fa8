#pragma once
// An SMTP address (RFC 5321 4.1.2 Mailbox) reduced to what Autodiscover needs: a dot-atom
// local part and a domain that is a valid host name.
#include <adplan/model/host_name.hpp>

namespace adplan {

class EmailAddress {
 public:
  // Errors have the code "input.email", no field, and the reason as message ("has no '@'").
  static Result<EmailAddress> parse(std::string_view text);
  [[nodiscard]] const std::string& local() const { return m_local; }
  [[nodiscard]] const HostName& domain() const { return m_domain; }
  [[nodiscard]] std::string str() const { return m_local + "@" + m_domain.str(); }

 private:
  EmailAddress(std::string local, HostName domain) : m_local(std::move(local)), m_domain(std::move(domain)) {}
  std::string m_local;
  HostName m_domain;
};

}  // namespace adplan
