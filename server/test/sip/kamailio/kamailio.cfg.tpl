#!KAMAILIO
# Front proxy for the Yunhu peer tests: record-routes dialog-creating requests, relays every
# request to Yunhu (or to the Request-URI when it is not Kamailio itself), and logs every
# in-dialog request it routes with loose_route() so the test can check the route set is followed.
debug=2
log_stderror=yes
children=1
tcp_children=1
auto_aliases=no
listen=udp:127.0.0.1:@PORT@
alias=127.0.0.1:@PORT@

loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"

modparam("rr", "enable_full_lr", 1)

request_route {
  if (!mf_process_maxfwd_header("10")) {
    sl_send_reply("483", "Too Many Hops");
    exit;
  }
  if (has_totag()) {
    if (loose_route()) {
      xlog("L_ERR", "YUNHU-TEST in-dialog $rm routed to $ru\n");
      t_relay();
      exit;
    }
    if (is_method("ACK")) {
      if (t_check_trans()) t_relay();
      exit;
    }
    xlog("L_ERR", "YUNHU-TEST in-dialog $rm without route\n");
    sl_send_reply("404", "Not here");
    exit;
  }
  if (is_method("CANCEL")) {
    if (t_check_trans()) t_relay();
    exit;
  }
  # A pre-loaded Route naming us (Yunhu's outbound-proxy setting) is consumed here.
  if (is_present_hf("Route")) loose_route();
  if (!is_method("REGISTER")) record_route();
  xlog("L_ERR", "YUNHU-TEST initial $rm to $ru\n");
  # Requests for Kamailio's own address go to Yunhu; others (Yunhu dialling out) to their R-URI.
  if ($rd == "127.0.0.1" && $rp == @PORT@) $du = "sip:127.0.0.1:@YUNHU@";
  t_relay();
}
