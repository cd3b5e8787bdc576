# SPDX-License-Identifier: GPL-2.0
# make install-policy: guard mode at boot. The loader, its systemd unit,
# the apt hook that re-resolves exe= rules after upgrades, and the
# settings (kept when they exist). DESTDIR stages, as packagers do.
prefix ?= /usr
sbindir ?= $(prefix)/sbin
sysconfdir ?= /etc
unitdir ?= $(prefix)/lib/systemd/system
# The unit and the hook name the loader where it is installed.
at_sbindir = sed 's|/usr/sbin/procmemwatch-policy|$(sbindir)/procmemwatch-policy|g'

install-policy:
	install -D -m 0755 procmemwatch-policy $(DESTDIR)$(sbindir)/procmemwatch-policy
	install -d $(DESTDIR)$(unitdir) $(DESTDIR)$(sysconfdir)/apt/apt.conf.d
	$(at_sbindir) procmemwatch-policy.service > $(DESTDIR)$(unitdir)/procmemwatch-policy.service
	$(at_sbindir) apt-procmemwatch.conf > $(DESTDIR)$(sysconfdir)/apt/apt.conf.d/80procmemwatch
	chmod 0644 $(DESTDIR)$(unitdir)/procmemwatch-policy.service \
		$(DESTDIR)$(sysconfdir)/apt/apt.conf.d/80procmemwatch
	test -e $(DESTDIR)$(sysconfdir)/procmemwatch/procmemwatch.conf || \
		install -D -m 0644 procmemwatch.conf \
			$(DESTDIR)$(sysconfdir)/procmemwatch/procmemwatch.conf

.PHONY: install-policy
