# Sourced by lab.sh (issue 11): the lab answers as today's Exchange does for Outlook 2016 and later.
#  - The Autodiscover answer comes from a small backend server block (127.0.0.1:8025) that the
#    https sites proxy to: only a proxied request has its body read, so the lab can answer by the
#    <EMailAddress> asked about (nginx maps $request_body into X-Lab-Mailbox).
#  - With X-MapiHttpCapability the answer carries the mapiHttp section (MS-OXDSCLI 3.2.5.1):
#    the rendered autodiscover.xml's when it has one, else one the lab adds for the external host
#    (MailStore /mapi/emsmdb/, AddressBook /mapi/nspi/). Without the header it is left out. EXCH
#    and EXPR stay in both answers, so the 2007-2013 clients' URLs are judged as before.
#  - The service URLs (/EWS/, /OAB/, /mapi/, /owa/, /UnifiedMessaging/, and
#    /Microsoft-Server-ActiveSync unless the rendered configuration has a location for it already)
#    answer 401 with WWW-Authenticate without credentials, 200 with them.
#  - redirectAddr on request: the address moved@<first domain> is answered with redirectAddr
#    moved@<second domain> (a plan with two domains); every other address gets the settings.
#  - Exchange Online's stand-in: https://exo-standin.<first domain> (127.0.0.6, lab CA), exported
#    as LAB_O365 for verify --o365-endpoint; it answers 404 (the address is not in Exchange Online).
# Faults (lab.sh --break): service-unreachable, service-certificate, service-http-error,
# redirect-loop, o365-claims, mapi-mismatch.

outlook_faults() {
  cat <<'EOF2'
service-unreachable the mapiHttp URLs point at a host where nothing listens
service-certificate the mapiHttp URLs point at a host with a certificate for another name
service-http-error  the OAB virtual directory is gone (404)
redirect-loop       moved@<second domain> is redirected back to moved@<first domain>
o365-claims         Exchange Online's stand-in claims every address
mapi-mismatch       the mapiHttp MailStore URLs name another path than the plan's /mapi/emsmdb/
EOF2
}

domains() {
  python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["domains"]))' "$DIR/adplan.json"
}

# Rewrites $DIR/run/nginx.conf (before apply_fault, so faults edit the result).
outlook_lab_conf() {
  local d ext o365
  d=$(domain)
  ext=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["external_host"])' "$DIR/adplan.json")
  o365=$(issue o365 "exo-standin.$d" "DNS:exo-standin.$d")
  echo "exo-standin.$d. 3600 IN A 127.0.0.6" >>"$DIR/run/bind/$d.zone"
  python3 - "$DIR/run/nginx.conf" "$ext" "$o365" $(domains) <<'PY'
import re, sys
path, ext, o365 = sys.argv[1], sys.argv[2], sys.argv[3]
domains = sys.argv[4:]
conf = open(path).read()
m = re.search(r'location @autodiscover_response \{\n\s*default_type "[^"]*";\n\s*return 200 "((?:[^"\\]|\\.)*)";\n\s*\}', conf)
if not m:
    sys.exit("lab: no @autodiscover_response in the nginx configuration")
xml = m.group(1)
mapi_re = re.compile(r'<Protocol Type=\\"mapiHttp\\".*?</Protocol>', re.S)
if mapi_re.search(xml):
    with_mapi, without_mapi = xml, mapi_re.sub('', xml)
else:
    box = 'lab-mailbox@' + domains[0]
    block = ('<Protocol Type=\\"mapiHttp\\" Version=\\"1\\"><MailStore>'
             f'<InternalUrl>https://{ext}/mapi/emsmdb/?MailboxId={box}</InternalUrl>'
             f'<ExternalUrl>https://{ext}/mapi/emsmdb/?MailboxId={box}</ExternalUrl></MailStore><AddressBook>'
             f'<InternalUrl>https://{ext}/mapi/nspi/?MailboxId={box}</InternalUrl>'
             f'<ExternalUrl>https://{ext}/mapi/nspi/?MailboxId={box}</ExternalUrl></AddressBook></Protocol>')
    with_mapi, without_mapi = xml.replace('<Action>settings</Action>', '<Action>settings</Action>' + block, 1), xml
def redirect_addr(to):
    return ('<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?><Autodiscover xmlns=\\"http://schemas.microsoft.com/exchange/'
            'autodiscover/responseschema/2006\\"><Response xmlns=\\"http://schemas.microsoft.com/exchange/autodiscover/'
            'outlook/responseschema/2006a\\"><Account><Action>redirectAddr</Action>'
            f'<RedirectAddr>{to}</RedirectAddr></Account></Response></Autodiscover>')
first, second = domains[0], (domains[1] if len(domains) > 1 else domains[0])
htpasswd = re.search(r'auth_basic_user_file ("[^"]*");', conf).group(1)
# Each https site hands the Autodiscover answer to the backend, with the mailbox asked about.
conf = conf.replace(m.group(0), 'location @autodiscover_response {\n'
                    '        proxy_set_header X-Lab-Mailbox $adplan_lab_mailbox;\n'
                    '        proxy_pass http://127.0.0.1:8025;\n    }')
conf = re.sub(r'location @autodiscover_response \{\n\s*default_type "[^"]*";\n\s*return 200 "(?:[^"\\]|\\.)*";\n\s*\}',
              'location @autodiscover_response {\n        proxy_set_header X-Lab-Mailbox $adplan_lab_mailbox;\n'
              '        proxy_pass http://127.0.0.1:8025;\n    }', conf)
services = ['EWS', 'OAB', 'mapi', 'owa', 'UnifiedMessaging']
service_block = ('    # adplan lab (issue 11): the service URLs; 401 with WWW-Authenticate without credentials.\n'
                 '    location ~* ^/(' + '|'.join(services) + ')(/|$) {\n'
                 '        auth_basic "Exchange";\n'
                 f'        auth_basic_user_file {htpasswd};\n'
                 '        try_files /.adplan-no-such-file @adplan_lab_service;\n    }\n'
                 '    location @adplan_lab_service {\n        return 200 "service\\n";\n    }\n')
if 'Microsoft-Server-ActiveSync' not in conf:
    service_block += ('    location /Microsoft-Server-ActiveSync {\n        auth_basic "Exchange";\n'
                      f'        auth_basic_user_file {htpasswd};\n'
                      '        try_files /.adplan-no-such-file @adplan_lab_service;\n    }\n')
# Into every TLS server block (they hold an Autodiscover location), before its catch-all.
out, pos = [], 0
for blk in re.finditer(r'server \{.*?\n\}\n', conf, re.S):
    text = blk.group(0)
    if 'ssl_certificate' in text and '@autodiscover_response' in text:
        text = text.replace('    location / {', service_block + '\n    location / {', 1)
    out.append(conf[pos:blk.start()] + text)
    pos = blk.end()
conf = ''.join(out) + conf[pos:]
backend = f'''
# adplan lab (issue 11): the Autodiscover answers, by the mailbox asked about and X-MapiHttpCapability.
map $request_body $adplan_lab_mailbox {{
    default "";
    "~*<EMailAddress>\\s*(?<box>[^<\\s]+)\\s*</EMailAddress>" $box;
}}
map $http_x_lab_mailbox $adplan_lab_answer {{
    default settings;
    "~*^moved@{re.escape(first)}$" redirect;
}}
server {{
    listen "127.0.0.1:8025";
    location / {{
        default_type "text/xml; charset=utf-8";
        if ($adplan_lab_answer = redirect) {{
            return 200 "{redirect_addr('moved@' + second)}";
        }}
        if ($adplan_lab_answer = loop) {{
            return 200 "{redirect_addr('moved@' + first)}";
        }}
        if ($http_x_mapihttpcapability) {{
            return 200 "{with_mapi}";
        }}
        return 200 "{without_mapi}";
    }}
}}
# adplan lab (issue 11): Exchange Online's stand-in (Autodiscover v2).
server {{
    # adplan-lab: exchange-online-standin (lab_mobile.sh leaves this block alone)
    listen "127.0.0.6:443" ssl;
    ssl_certificate "{o365}/leaf.crt";
    ssl_certificate_key "{o365}/leaf.key";
    ssl_protocols TLSv1.2 TLSv1.3;
    location /autodiscover/autodiscover.json {{
        default_type application/json;
        return 404 "{{\\"ErrorCode\\":\\"MailboxNotFound\\",\\"ErrorMessage\\":\\"The mailbox is not in Exchange Online\\"}}";
    }}
    location / {{
        return 404;
    }}
}}
}}
'''
conf = conf.rstrip()
assert conf.endswith('}')
conf = conf[:-1] + backend
open(path, 'w').write(conf)
PY
  LAB_O365="https://exo-standin.$d"
}

apply_outlook_fault() {
  local d conf=$DIR/run/nginx.conf zone w second
  d=$(domain)
  zone=$DIR/run/bind/$d.zone
  case $FAULT in
    service-unreachable)
      echo "mapi-gone.$d. 3600 IN A 127.0.0.9" >>"$zone"
      sed -i "s|https://[^/<]*/mapi/|https://mapi-gone.$d/mapi/|g" "$conf" ;;
    service-certificate)
      w=$(issue mapicert "other.example" "DNS:other.example")
      echo "mapi-cert.$d. 3600 IN A 127.0.0.7" >>"$zone"
      sed -i "s|https://[^/<]*/mapi/|https://mapi-cert.$d/mapi/|g" "$conf"
      sed -i '$d' "$conf"
      cat >>"$conf" <<EOF2
server {
    listen "127.0.0.7:443" ssl;
    ssl_certificate "$w/leaf.crt";
    ssl_certificate_key "$w/leaf.key";
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { return 401; }
}
}
EOF2
      ;;
    service-http-error) sed -i 's/(EWS|OAB|mapi|/(EWS|mapi|/' "$conf" ;;
    redirect-loop)
      second=$(domains | awk '{print $2}')
      sed -i "s|^\( *\)\"~\*^moved@.*\$\" redirect;|&\n\1\"~*^moved@${second//./\\\\.}\$\" loop;|" "$conf" ;;
    o365-claims)
      sed -i 's|return 404 "{\\"ErrorCode\\":\\"MailboxNotFound\\".*|return 200 "{\\"Protocol\\":\\"AutodiscoverV1\\",\\"Url\\":\\"https://outlook.office365.com/autodiscover/autodiscover.xml\\"}";|' "$conf" ;;
    mapi-mismatch) sed -i 's|/mapi/emsmdb/|/mapi/mailstore/|g' "$conf" ;;
    *) return 1 ;;
  esac
  return 0
}
