# panther-facts: what this host knows about its own backups, snapshots, Btrfs
# health, certificates and failed units, written twice with the same values:
#
#   $PANTHER_FACTS_JSON   facts.json for `panther health` (read over SSH);
#                         schema in docs/monitoring.md ("The facts file")
#   $PANTHER_FACTS_PROM   the node exporter's textfile collector, for
#                         Prometheus, Grafana and Datadog
#
# modules/nixos/monitoring-facts.nix runs it from a timer with the settings
# below in the environment. It only reads local state (no network), so it is
# cheap to run often; the backup's age comes from the state file that
# panther-backup-age writes after it asked the repository.
#
#   PANTHER_FACTS_HOST                  host name
#   PANTHER_BACKUP_STATE                panther-backup-age's state file, or empty (no backups)
#   PANTHER_BACKUP_MAX_AGE_SECONDS      how old the newest backup may be
#   PANTHER_SNAPSHOT_PATHS              "config=mountpoint ..." of the snapper configs
#   PANTHER_SNAPSHOT_MAX_AGE_SECONDS    how old the newest snapshot may be
#   PANTHER_SNAPSHOT_TIMER              unit that takes the snapshots, or empty
#   PANTHER_BTRFS_MOUNTS                "mountpoint ..." of the Btrfs file systems to check
#   PANTHER_CERTIFICATES                "glob ..." of PEM certificates to watch
#   PANTHER_FACTS_NOW                   the current time (tests only)
set -euo pipefail

now=${PANTHER_FACTS_NOW:-$(date +%s)}
host=${PANTHER_FACTS_HOST:?}
json_out=${PANTHER_FACTS_JSON:?}
prom_out=${PANTHER_FACTS_PROM:?}

# metric NAME HELP VALUE [LABELS]: one gauge sample. The text format wants the
# samples of a name together under one HELP and TYPE, so they are kept by name
# and written in the order the names first appeared.
names=()
declare -A helps=() samples=()
metric() {
  local name=$1 help=$2 value=$3 labels=${4:-}
  if [ -z "${helps[$name]:-}" ]; then
    names+=("$name")
    helps[$name]=$help
  fi
  if [ -n "$labels" ]; then
    samples[$name]+="$name{$labels} $value"$'\n'
  else
    samples[$name]+="$name $value"$'\n'
  fi
}

# A label value in the text format: backslash, quote and newline escaped.
label() {
  local value=$1
  value=${value//\\/\\\\}
  value=${value//\"/\\\"}
  value=${value//$'\n'/\\n}
  printf '%s="%s"' "$2" "$value"
}

# --- backups (restic, through panther-backup-age) ------------------------------

backup_json='{"enabled": false}'
if [ -n "${PANTHER_BACKUP_STATE:-}" ]; then
  max_age=${PANTHER_BACKUP_MAX_AGE_SECONDS:?}
  newest=null
  checked=null
  if [ -s "$PANTHER_BACKUP_STATE" ]; then
    newest=$(jq -r '.newest_snapshot // "null"' "$PANTHER_BACKUP_STATE")
    checked=$(jq -r '.checked_at // "null"' "$PANTHER_BACKUP_STATE")
  fi
  metric panther_backup_enabled "Whether this host backs up (restic)." 1
  metric panther_backup_max_age_seconds "How old the newest backup may be." "$max_age"
  age=null
  if [ "$newest" != null ]; then
    age=$((now - newest))
    metric panther_backup_last_success_timestamp_seconds "Time of the newest backup in the repository." "$newest"
    metric panther_backup_age_seconds "Age of the newest backup when the facts were written." "$age"
  fi
  if [ "$checked" != null ]; then
    metric panther_backup_checked_timestamp_seconds "When panther-backup-age last asked the repository." "$checked"
  fi
  backup_json=$(jq -n --argjson newest "$newest" --argjson checked "$checked" \
    --argjson age "$age" --argjson max "$max_age" \
    '{enabled: true, last_success: $newest, age_seconds: $age, max_age_seconds: $max, checked_at: $checked}')
else
  metric panther_backup_enabled "Whether this host backs up (restic)." 0
fi

# --- snapshots (snapper: <mountpoint>/.snapshots/<n>/info.xml) -----------------

snapshot_configs='{}'
for entry in ${PANTHER_SNAPSHOT_PATHS:-}; do
  config=${entry%%=*}
  mountpoint=${entry#*=}
  dir=${mountpoint%/}/.snapshots
  count=0
  newest_number=-1
  for info in "$dir"/*/info.xml; do
    [ -f "$info" ] || continue
    number=$(basename "$(dirname "$info")")
    case $number in '' | *[!0-9]*) continue ;; esac
    count=$((count + 1))
    if [ "$number" -gt "$newest_number" ]; then
      newest_number=$number
    fi
  done
  last=null
  if [ "$newest_number" -ge 0 ]; then
    # snapper writes the date in UTC: <date>2026-08-20 10:00:01</date>
    stamp=$(sed -n 's|.*<date>\(.*\)</date>.*|\1|p' "$dir/$newest_number/info.xml" | head -n 1)
    if [ -n "$stamp" ]; then
      last=$(date -u -d "$stamp" +%s)
    fi
  fi
  labels=$(label "$config" config)
  metric panther_snapshots_kept "Snapshots snapper keeps for the config." "$count" "$labels"
  age=null
  if [ "$last" != null ]; then
    age=$((now - last))
    metric panther_snapshot_last_timestamp_seconds "Time of the newest snapshot of the config." "$last" "$labels"
    metric panther_snapshot_age_seconds "Age of the newest snapshot when the facts were written." "$age" "$labels"
  fi
  snapshot_configs=$(jq -n --argjson all "$snapshot_configs" --arg name "$config" \
    --arg mountpoint "$mountpoint" --argjson last "$last" --argjson age "$age" --argjson count "$count" \
    '$all + {($name): {mountpoint: $mountpoint, last: $last, age_seconds: $age, count: $count}}')
done

snapshots_json='{"enabled": false}'
if [ -n "${PANTHER_SNAPSHOT_PATHS:-}" ]; then
  max_age=${PANTHER_SNAPSHOT_MAX_AGE_SECONDS:?}
  timer_active=false
  if [ -n "${PANTHER_SNAPSHOT_TIMER:-}" ] && systemctl is-active --quiet "$PANTHER_SNAPSHOT_TIMER"; then
    timer_active=true
  fi
  metric panther_snapshot_max_age_seconds "How old the newest snapshot may be." "$max_age"
  if [ "$timer_active" = true ]; then
    metric panther_snapshot_timer_active "Whether the timer that takes snapshots is active." 1
  else
    metric panther_snapshot_timer_active "Whether the timer that takes snapshots is active." 0
  fi
  snapshots_json=$(jq -n --argjson configs "$snapshot_configs" --argjson max "$max_age" \
    --arg timer "${PANTHER_SNAPSHOT_TIMER:-}" --argjson active "$timer_active" \
    '{enabled: true, max_age_seconds: $max, timer: $timer, timer_active: $active, configs: $configs}')
fi

# --- Btrfs: device error counters and the last scrub ---------------------------

filesystems='[]'
for mountpoint in ${PANTHER_BTRFS_MOUNTS:-}; do
  devices='{}'
  total=0
  # [/dev/nvme0n1p2].write_io_errs    0
  while read -r key value; do
    device=${key%%]*}
    device=${device#[}
    counter=${key##*.}
    metric panther_btrfs_device_errors "Btrfs device error counter (btrfs device stats)." "$value" \
      "$(label "$mountpoint" mount),$(label "$device" device),$(label "$counter" type)"
    total=$((total + value))
    devices=$(jq -n --argjson all "$devices" --arg device "$device" --arg counter "$counter" \
      --argjson value "$value" '$all | .[$device][$counter] = $value')
  done < <(btrfs device stats "$mountpoint" 2>/dev/null | grep -E '^\[.*\]\.[a-z_]+ +[0-9]+$' || true)

  scrub_last=null
  scrub_status=
  scrub_errors=0
  scrub_uncorrectable=0
  if status=$(btrfs scrub status -R "$mountpoint" 2>/dev/null) && ! grep -q 'no stats available' <<<"$status"; then
    started=$(sed -n 's/^Scrub started: *//p' <<<"$status" | head -n 1)
    if [ -n "$started" ]; then
      scrub_last=$(date -d "$started" +%s)
    fi
    scrub_status=$(sed -n 's/^Status: *//p' <<<"$status" | head -n 1)
    while read -r name value; do
      case ${name%:} in
        uncorrectable_errors) scrub_uncorrectable=$value ;;
        read_errors | csum_errors | verify_errors | super_errors) scrub_errors=$((scrub_errors + value)) ;;
      esac
    done < <(grep -E '^[[:space:]]*[a-z_]+_errors: [0-9]+$' <<<"$status" || true)
  fi
  labels=$(label "$mountpoint" mount)
  if [ "$scrub_last" != null ]; then
    metric panther_btrfs_scrub_last_timestamp_seconds "When the last scrub of the file system started." "$scrub_last" "$labels"
  fi
  metric panther_btrfs_scrub_errors "Errors the last scrub found (read, checksum, verify, super)." "$scrub_errors" "$labels"
  metric panther_btrfs_scrub_uncorrectable_errors "Errors the last scrub could not repair." "$scrub_uncorrectable" "$labels"
  filesystems=$(jq -n --argjson all "$filesystems" --arg mount "$mountpoint" --argjson devices "$devices" \
    --argjson total "$total" --argjson last "$scrub_last" --arg status "${scrub_status:-}" \
    --argjson errors "$scrub_errors" --argjson uncorrectable "$scrub_uncorrectable" \
    '$all + [{mount: $mount, device_errors: $total, devices: $devices,
      scrub: {last: $last, status: (if $status == "" then null else $status end),
              errors: $errors, uncorrectable_errors: $uncorrectable}}]')
done

# --- certificates ----------------------------------------------------------------

certificates='[]'
for pattern in ${PANTHER_CERTIFICATES:-}; do
  for file in $pattern; do
    [ -f "$file" ] || continue
    end=$(openssl x509 -enddate -noout -in "$file" 2>/dev/null | sed -n 's/^notAfter=//p') || continue
    [ -n "$end" ] || continue
    not_after=$(date -d "$end" +%s)
    labels=$(label "$file" path)
    metric panther_certificate_expiry_timestamp_seconds "When the certificate expires (notAfter)." "$not_after" "$labels"
    metric panther_certificate_expires_in_seconds "Seconds until the certificate expires." "$((not_after - now))" "$labels"
    certificates=$(jq -n --argjson all "$certificates" --arg path "$file" --argjson expiry "$not_after" \
      '$all + [{path: $path, not_after: $expiry}]')
  done
done

# --- failed units ------------------------------------------------------------------

failed='[]'
count=0
while read -r unit _; do
  [ -n "$unit" ] || continue
  count=$((count + 1))
  failed=$(jq -n --argjson all "$failed" --arg unit "$unit" '$all + [$unit]')
done < <(systemctl list-units --state=failed --plain --no-legend --no-pager 2>/dev/null || true)
metric panther_systemd_failed_units "Units in the failed state." "$count"

metric panther_facts_generated_timestamp_seconds "When panther-facts last wrote the facts." "$now"

# --- write both, each atomically ------------------------------------------------

mkdir -p "$(dirname "$json_out")" "$(dirname "$prom_out")"
jq -n --arg host "$host" --argjson now "$now" --argjson backup "$backup_json" \
  --argjson snapshots "$snapshots_json" --argjson btrfs "$filesystems" \
  --argjson certificates "$certificates" --argjson failed "$failed" \
  '{schema: 1, host: $host, generated_at: $now, backup: $backup, snapshots: $snapshots,
    btrfs: $btrfs, certificates: $certificates, failed_units: $failed}' >"$json_out.tmp"
mv "$json_out.tmp" "$json_out"
for name in "${names[@]}"; do
  printf '# HELP %s %s\n# TYPE %s gauge\n%s' "$name" "${helps[$name]}" "$name" "${samples[$name]}"
done >"$prom_out.tmp"
mv "$prom_out.tmp" "$prom_out"
