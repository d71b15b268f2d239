# xrun's binfmt helper (contract 1). Runs as the entrypoint of a container
# with CAP_SYS_ADMIN on a Docker daemon whose kernel xrun cannot reach itself,
# mounts binfmt_misc at /binfmt_misc inside it and reads or writes that
# kernel's table:
#   list               "kernel RELEASE", then "--- status" and one "--- NAME"
#                      section per handler, each followed by that file's text
#   register LINE      write LINE to register
#   remove NAME        write -1 to the handler NAME
#   head PATH          the first 65536 bytes of PATH (exit 2 when absent)
#   probe ARCH=BASE64  decode each program, run it with two arguments and
#                      print "ARCH CODE" (its exit code, or "noexec" when
#                      the kernel refused to execute it)
# Exit codes: 0 done, 2 no such file, 3 the kernel refused (stderr says
# "refused ERRNO ..."), 4 the kernel has no binfmt_misc, 64 bad usage.
B=/binfmt_misc

# Print the errno name that an error message stands for.
errno_of() {
  case "$1" in
  *"Invalid argument"*) echo EINVAL ;;
  *"File exists"*) echo EEXIST ;;
  *"No such file"*) echo ENOENT ;;
  *"Permission denied"*) echo EACCES ;;
  *"Operation not permitted"*) echo EPERM ;;
  *"Read-only"*) echo EROFS ;;
  *) echo EIO ;;
  esac
}

# Mount binfmt_misc unless it is mounted already.
mounted() {
  [ -e "$B/register" ] && return 0
  mount -t binfmt_misc binfmt_misc "$B" 2>/dev/null && return 0
  echo "unsupported: binfmt_misc cannot be mounted in this kernel" >&2
  exit 4
}

# Write text $2 to file $1 in binfmt_misc, exiting 3 with the errno on refusal.
put() {
  err=$({ printf '%s' "$2" | cat >"$B/$1"; } 2>&1) && return 0
  echo "refused $(errno_of "$err") $err" >&2
  exit 3
}

# Print the kernel release and every file of the table.
list() {
  echo "kernel $(uname -r)"
  echo "--- status"
  cat "$B/status"
  for f in "$B"/*; do
    n=${f##*/}
    case $n in register | status) continue ;; esac
    echo "--- $n"
    cat "$f" 2>/dev/null
  done
}

# Run each ARCH=BASE64 probe with two arguments and print its exit code.
probe() {
  mkdir -p /tmp/xrun-probe
  for spec in "$@"; do
    name=${spec%%=*}
    printf '%s' "${spec#*=}" | base64 -d >"/tmp/xrun-probe/$name"
    chmod 755 "/tmp/xrun-probe/$name"
    err=$("/tmp/xrun-probe/$name" a b 2>&1 >/dev/null)
    code=$?
    # The kernel refused it (ENOEXEC), so the shell ran it as a script.
    case $code:$err in 4[123]:*) ;; *:"/tmp/xrun-probe/$name:"*) code=noexec ;; esac
    echo "$name $code"
  done
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
list) mounted && list ;;
register) [ $# -eq 1 ] || exit 64; mounted && put register "$1" ;;
remove) [ $# -eq 1 ] || exit 64; mounted && put "$1" -1 ;;
head) [ $# -eq 1 ] || exit 64; [ -e "$1" ] || exit 2; head -c 65536 "$1" ;;
probe) probe "$@" ;;
*)
  echo "usage: list | register LINE | remove NAME | head PATH | probe ARCH=BASE64..." >&2
  exit 64
  ;;
esac
