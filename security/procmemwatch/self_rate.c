// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: how many self-opens a user may have recorded one by one
 *
 * Any process may open its own mem file: the kernel does not even run the
 * ptrace check. Were each such open an event like any other, an
 * unprivileged user opening its own memory in a loop would push every
 * other event out of the ring before a reader got it, and out of the
 * audit budget before it was logged. So the processes of one user get
 * self_rate events of self-opens a second; the self-opens past that are
 * counted, exactly, and the count is written once a second as one
 * self-opens record that names the user and its last opener. An open of
 * another process's memory is never counted this way: it is always an
 * event of its own (audit_rate limits its audit record), as is every open
 * by a process that could switch procmemwatch off anyway (CAP_MAC_ADMIN).
 *
 * The counts are kept per user in a small table; when more users than it
 * holds are counted at once, the rest share one slot, reported as uid -1.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/security.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "procmemwatch.h"

#define PMW_SELF_SLOTS_BITS	6
#define PMW_SELF_SLOTS		BIT(PMW_SELF_SLOTS_BITS)
/* How far a user's slot is looked for past its hash before sharing. */
#define PMW_SELF_PROBES		8
/* The shared slot, after the table. */
#define PMW_SELF_OVERFLOW	PMW_SELF_SLOTS

static unsigned int pmw_self_rate = CONFIG_SECURITY_PROCMEMWATCH_SELF_RATE;
module_param_named(self_rate, pmw_self_rate, uint, 0400);
MODULE_PARM_DESC(self_rate, "self-opens per user and second recorded one by one, 0 for all, at most 1000000");

/**
 * struct pmw_self_slot - one user's self-opens in the current second
 * @uid: the user; INVALID_UID in the shared slot and in unused slots
 * @window: jiffies_64 when the current second began (64 bits: a slot
 *	unused for weeks must not look current again)
 * @recorded: self-opens recorded one by one in it
 * @rec: the self-opens counted and not yet written; @rec.count is 0 when
 *	none are
 */
struct pmw_self_slot {
	kuid_t uid;
	u64 window;
	unsigned int recorded;
	struct pmw_self_opens_record rec;
};

static DEFINE_SPINLOCK(pmw_self_lock);
static struct pmw_self_slot pmw_self_slots[PMW_SELF_SLOTS + 1];

struct pmw_self_stats pmw_self_stats;

static void pmw_self_flush(struct work_struct *work);
static DECLARE_DELAYED_WORK(pmw_self_flush_work, pmw_self_flush);

/**
 * pmw_self_rate_get - self-opens per user and second recorded one by one
 *
 * Return: the rate, 0 when every self-open is recorded.
 */
unsigned int pmw_self_rate_get(void)
{
	return READ_ONCE(pmw_self_rate);
}

/**
 * pmw_self_rate_set - change how many self-opens are recorded one by one
 * @rate: self-opens per user and second, 0 for all
 */
void pmw_self_rate_set(unsigned int rate)
{
	WRITE_ONCE(pmw_self_rate, rate);
}

/**
 * pmw_self_rate_init - mark every user's slot unused, and bring the boot
 *	parameter within range
 */
void __init pmw_self_rate_init(void)
{
	int i;

	for (i = 0; i <= PMW_SELF_SLOTS; i++) {
		pmw_self_slots[i].uid = INVALID_UID;
		pmw_self_slots[i].window = 0;
	}
	if (pmw_self_rate > PMW_SELF_RATE_MAX) {
		pr_warn("self_rate=%u is out of range, using %u\n",
			pmw_self_rate, PMW_SELF_RATE_MAX);
		pmw_self_rate = PMW_SELF_RATE_MAX;
	}
}

static bool pmw_self_slot_idle(const struct pmw_self_slot *slot)
{
	return !slot->rec.count &&
	       time_after_eq64(get_jiffies_64(), slot->window + HZ);
}

/* Called with pmw_self_lock held: the slot of @uid, claimed if need be. */
static struct pmw_self_slot *pmw_self_slot(kuid_t uid)
{
	u32 first = hash_32(__kuid_val(uid), PMW_SELF_SLOTS_BITS);
	struct pmw_self_slot *free = NULL, *slot;
	int i;

	for (i = 0; i < PMW_SELF_PROBES; i++) {
		slot = &pmw_self_slots[(first + i) % PMW_SELF_SLOTS];
		if (uid_eq(slot->uid, uid))
			return slot;
		if (!free && (!uid_valid(slot->uid) || pmw_self_slot_idle(slot)))
			free = slot;
	}
	if (!free)
		return &pmw_self_slots[PMW_SELF_OVERFLOW];
	free->uid = uid;
	free->window = 0;
	free->recorded = 0;
	return free;
}

/* Called with pmw_self_lock held: adds an open to the slot's count. */
static void pmw_self_count(struct pmw_self_slot *slot,
			   const struct pmw_open_record *open)
{
	struct pmw_self_opens_record *rec = &slot->rec;

	if (!rec->count)
		rec->first_real_ns = open->real_ns;
	rec->last_real_ns = open->real_ns;
	rec->count++;
	if (open->outcome == PMW_OUTCOME_REFUSED)
		rec->refused++;
	else if (open->outcome == PMW_OUTCOME_FAILED)
		rec->failed++;
	rec->pid = open->pid;
	memcpy(rec->comm, open->comm, sizeof(rec->comm));
}

/**
 * pmw_opener_exempt - whether the current task is exempt from the rates
 *
 * A task that may change procmemwatch's settings (CAP_MAC_ADMIN in the
 * initial user namespace, by its subjective credentials, as the settings
 * files check) could switch it off: limiting its events protects nothing.
 * Not audited: nothing is being allowed.
 *
 * Return: true if its events are never counted instead or left out of
 * audit.
 */
bool pmw_opener_exempt(void)
{
	return !security_capable(current_cred(), &init_user_ns, CAP_MAC_ADMIN,
				 CAP_OPT_NOAUDIT);
}

/**
 * pmw_self_open_admit - whether a self-open is recorded by itself
 * @open: the event of an open of the opener's own mem file, finished
 *
 * Called in the opening task. Never sleeps.
 *
 * Return: true if @open goes to the stream and audit as it is; false if
 * it was counted, to be written in the next self-opens record.
 */
bool pmw_self_open_admit(const struct pmw_open_record *open)
{
	unsigned int rate = pmw_self_rate_get();
	struct pmw_self_slot *slot;
	unsigned long flags;
	bool admit;

	if (!rate)
		return true;
	spin_lock_irqsave(&pmw_self_lock, flags);
	slot = pmw_self_slot(current_uid());
	if (time_after_eq64(get_jiffies_64(), slot->window + HZ)) {
		slot->window = get_jiffies_64();
		slot->recorded = 0;
	}
	admit = slot->recorded < rate;
	if (admit)
		slot->recorded++;
	spin_unlock_irqrestore(&pmw_self_lock, flags);
	if (admit || pmw_opener_exempt())
		return true;
	spin_lock_irqsave(&pmw_self_lock, flags);
	pmw_self_count(pmw_self_slot(current_uid()), open);
	spin_unlock_irqrestore(&pmw_self_lock, flags);
	atomic64_inc(&pmw_self_stats.summarized);
	schedule_delayed_work(&pmw_self_flush_work, HZ);
	return false;
}

/* Takes the count of a slot, if it has one, leaving the slot empty. */
static bool pmw_self_take(int i, struct pmw_self_opens_record *rec)
{
	struct pmw_self_slot *slot = &pmw_self_slots[i];
	unsigned long flags;
	bool taken;

	spin_lock_irqsave(&pmw_self_lock, flags);
	taken = slot->rec.count;
	if (taken) {
		*rec = slot->rec;
		rec->uid = i == PMW_SELF_OVERFLOW ? (u32)-1 :
			   from_kuid(&init_user_ns, slot->uid);
		memset(&slot->rec, 0, sizeof(slot->rec));
	}
	spin_unlock_irqrestore(&pmw_self_lock, flags);
	return taken;
}

/* Writes the counts of the last second, one record per user. */
static void pmw_self_flush(struct work_struct *work)
{
	struct pmw_self_opens_record rec;
	int i;

	for (i = 0; i <= PMW_SELF_SLOTS; i++) {
		if (!pmw_self_take(i, &rec))
			continue;
		rec.hdr = (struct pmw_record_header) {
			.size = sizeof(rec),
			.type = PMW_RECORD_SELF_OPENS,
			.version = 1,
		};
		pmw_ring_commit(&pmw_events, &rec.hdr);
		atomic64_inc(&pmw_self_stats.records);
		pmw_audit_self_opens(&rec);
	}
}
