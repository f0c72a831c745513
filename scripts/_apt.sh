# apt_install PACKAGE...: sourced by scripts/_env.sh.
# Debian packages, as root or through sudo; waits up to 10 minutes for another apt or dpkg
# (unattended upgrades, a second checkout's scripts/test) rather than failing on its lock.
apt_install() {
  local sudo="" wait=(-o DPkg::Lock::Timeout=600)
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get "${wait[@]}" update -qq
  $sudo apt-get "${wait[@]}" install -y -qq "$@" >/dev/null
}
