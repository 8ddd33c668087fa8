// adplan acme --calendar / --ics (see cmd_acme_calendar.hpp).
#include "cmd_acme_calendar.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/model/sanitize.hpp>
#include <adplan/pki/cert_check.hpp>
#include <adplan/render/acme_calendar.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

// --cert FILE: each certificate in service, matched to the plan's certificate it belongs to, with
// the dates `cert check` reads.
std::vector<render::CurrentCertificate> current_certificates(Context& ctx, const Plan& p,
                                                             const std::vector<std::string>& files, Errors& errors) {
  std::vector<render::CurrentCertificate> out;
  for (const auto& file : files) {
    auto pem = read_file(file, 1 << 20);
    if (!pem) {
      errors.push_back(with_flag(pem.error(), "--cert"));
      continue;
    }
    auto checked = check_certificate(CertCheckInput{*pem, file, {}, {}, {}, {}, {}}, p, ctx.now());
    if (!checked) {
      errors.push_back(with_flag(checked.error(), "--cert"));
    } else if (checked->planned_key.empty()) {
      errors.push_back(usage_error("cert", "--cert",
                                   "\"" + file + "\" is no certificate of the plan (its names match none)",
                                   "give the certificate `adplan csr` requested for one of the plan's certificates"));
    } else {
      // The name as printed: a file name is anyone's bytes (escape sequences, newlines), shown escaped.
      out.push_back({checked->planned_key, escape_controls(file), checked->facts.not_before, checked->facts.not_after});
    }
  }
  return out;
}

}  // namespace

int run_acme_calendar(Context& ctx, const Plan& p, const AcmeCalendarOptions& o) {
  Errors errors;
  const auto current = current_certificates(ctx, p, o.certs, errors);
  if (!errors.empty()) return fail(ctx, errors, o.ics ? Writes::yes : Writes::no);
  if (o.ics) {
    auto exists = existing_targets({*o.ics}, o.force, "use --force to replace it");
    if (!exists.empty()) return fail(ctx, exists, Writes::yes);
    auto w = write_file_atomic(*o.ics, render::render_acme_ics(p, ctx.today(), ctx.unix_seconds(), current),
                               WriteOptions{0644, o.force});
    if (!w) return fail(ctx, w.error(), Writes::yes);
    if (!o.calendar) ctx.out << "wrote " << *o.ics << "\n";
  }
  if (o.calendar) ctx.out << render::render_acme_calendar(p, ctx.today(), current);
  return k_exit_ok;
}

}  // namespace adplan::cli
