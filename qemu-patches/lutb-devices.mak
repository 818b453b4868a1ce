# QEMU's device set for lutb (configure --without-default-devices
# --with-devices-x86_64=lutb): the q35 machine, every PCI Express fabric
# element, the IOMMUs and the PCI endpoints a live-update test plausibly
# preserves (DMA engines, NICs, storage, virtio, test devices). Audio,
# display, USB, SCSI HBAs, IPMI, CXL, Xen and the other boards are left out,
# which saves an eighth of QEMU's compile. A topology naming a device that is
# not here gets lutb's "unknown device" error; add its CONFIG_ line here
# (the next build rebuilds QEMU) to make it available.

# machine and fabric
CONFIG_Q35=y
CONFIG_PCI_BRIDGE=y
CONFIG_PCIE_PORT=y
CONFIG_PCIE_PCI_BRIDGE=y
CONFIG_PXB=y
CONFIG_XIO3130=y
CONFIG_IOH3420=y
CONFIG_I82801B11=y
# QEMU 10.2's x86 ACPI tables call into hw/cxl even with no CXL device (the
# stubs lack cxl_fmws_get_all_sorted), and hw/cxl into the CXL memory
# device, so both come along.
CONFIG_CXL=y
CONFIG_CXL_MEM_DEVICE=y

# IOMMUs
CONFIG_VTD=y
CONFIG_AMD_IOMMU=y
CONFIG_VIRTIO_IOMMU=y

# endpoints
CONFIG_LU_DMA=y
CONFIG_EDU=y
CONFIG_PCI_TESTDEV=y
CONFIG_IVSHMEM_DEVICE=y
CONFIG_NVME_PCI=y
# nvme's properties include an SPDM socket, which its Kconfig entry does
# not select
CONFIG_SPDM_SOCKET=y
CONFIG_E1000_PCI=y
CONFIG_E1000E_PCI_EXPRESS=y
CONFIG_IGB_PCI_EXPRESS=y
CONFIG_RTL8139_PCI=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_NET=y
CONFIG_VIRTIO_BLK=y
CONFIG_VIRTIO_SCSI=y
CONFIG_VIRTIO_RNG=y
CONFIG_VIRTIO_BALLOON=y
CONFIG_VFIO_PCI=y

# what lutb's machine and tests use besides: pvpanic (ISA for the run,
# PCI for its qtest) and isa-debugcon (a device that is not on PCI)
CONFIG_PVPANIC_ISA=y
CONFIG_PVPANIC_PCI=y
CONFIG_ISA_DEBUG=y
