// SPDX-License-Identifier: GPL-2.0
/*
 * lu_dma: driver for QEMU's lu-dma engine, a PCIe DMA engine that keeps
 * writing records into a ring until told to stop (docs/specs/lu-dma.rst).
 *
 * Each engine gets a char device; its owner sets up a ring of DMA-coherent
 * memory and runs stream or copy mode (user API in lu_dma_uapi.h). The
 * owner's fd can be preserved in a LUO session: .preserve() asks the PCI
 * core to keep the device (and the bridges above it) as it is and
 * KHO-preserves the ring and the engine's settings; in the next kernel
 * .retrieve() re-attaches to the engine, still running, and maps the same
 * ring; .finish() tells the PCI core the hand-over is complete.
 *
 * Without CONFIG_PCI_LIVEUPDATE (the "stock" kernel) the fd can still be
 * preserved, but nothing keeps the PCI core from stopping the engine's DMA
 * at kexec; that is the known-bad baseline the testbed compares against.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/kexec_handover.h>
#include <linux/kref.h>
#include <linux/liveupdate.h>
#include <linux/log2.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#if IS_ENABLED(CONFIG_PCI_LIVEUPDATE)
#include <linux/pci-liveupdate.h>
#else
static inline int pci_liveupdate_register_flb(struct liveupdate_file_handler *fh)
{
	return 0;
}

static inline int pci_liveupdate_preserve(struct pci_dev *dev)
{
	return 0;
}

static inline void pci_liveupdate_unpreserve(struct pci_dev *dev) { }

static inline bool pci_liveupdate_is_incoming(struct pci_dev *dev)
{
	return false;
}

static inline void pci_liveupdate_finish(struct pci_dev *dev) { }
#endif

#include "lu_dma_uapi.h"

#define LU_DMA_VENDOR		0x1234
#define LU_DMA_DEVICE		0x4c55

#define REG_ID			0x00
#define REG_CTRL		0x08
#define REG_STATUS		0x0c
#define REG_RING_LO		0x10
#define REG_RING_HI		0x14
#define REG_RING_ENTRIES	0x18
#define REG_EPOCH		0x1c
#define REG_SEQ_LO		0x20
#define REG_PERIOD_NS		0x28
#define REG_REQUESTER_ID	0x2c
#define REG_OK_LO		0x30
#define REG_BLOCKED_LO		0x38
#define REG_COPY_SRC_LO		0x40
#define REG_COPY_DST_LO		0x48
#define REG_COPY_LEN		0x50
#define REG_COPY_COUNT		0x54
#define REG_COPY_DONE		0x58
#define REG_RESETS		0x5c

#define LU_DMA_ID		0x4d44554c
#define CTRL_STREAM		BIT(0)
#define CTRL_COPY		BIT(1)
#define LU_DMA_MIN_PERIOD_NS	1000
#define LU_DMA_MAX_COPY_LEN	SZ_1M

/* Handed to the next kernel; bump the version in the compatible string. */
#define LU_DMA_LUO_COMPATIBLE	"lu-dma-v1"

struct lu_dma_ser {
	u32 domain;
	u16 bdf;
	u16 reserved;
	u64 ring_phys;
	u64 ring_dma;
	u64 ring_size;
	u32 entries;
	u32 ctrl;
} __packed;

/*
 * Files (opened, or retrieved from a LUO session) can outlive the driver's
 * binding to the device, so the state is reference counted: the binding
 * and every file hold a reference.
 */
struct lu_dma {
	struct kref ref;
	struct pci_dev *pdev;
	void __iomem *regs;	/* unmapped when the driver is unbound */
	struct miscdevice misc;
	char name[32];

	struct mutex lock;	/* everything below */
	bool unbound;		/* no registers any more */
	bool owned;		/* a file (opened or retrieved) owns the engine */
	bool preserved;		/* that file is preserved for the next kernel */
	bool incoming;		/* handed over by the previous kernel, not finished */
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
	u32 entries;
	bool ring_from_kho;	/* pages restored from KHO, not from the DMA API */
};

static const struct file_operations lu_dma_fops;

static void lu_dma_free(struct kref *ref)
{
	struct lu_dma *ld = container_of(ref, struct lu_dma, ref);

	pci_dev_put(ld->pdev);
	kfree(ld);
}

static void lu_dma_put(struct lu_dma *ld)
{
	kref_put(&ld->ref, lu_dma_free);
}

static u64 lu_dma_read64(struct lu_dma *ld, unsigned int reg)
{
	return lo_hi_readq(ld->regs + reg);
}

static void lu_dma_stop(struct lu_dma *ld)
{
	if (!ld->unbound)
		writel(0, ld->regs + REG_CTRL);
}

static void lu_dma_free_ring(struct lu_dma *ld)
{
	unsigned long i;

	if (!ld->ring)
		return;
	if (ld->ring_from_kho) {
		for (i = 0; i < ld->ring_size >> PAGE_SHIFT; i++)
			__free_page(virt_to_page(ld->ring) + i);
	} else {
		dma_free_coherent(&ld->pdev->dev, ld->ring_size, ld->ring,
				  ld->ring_dma);
	}
	ld->ring = NULL;
	ld->ring_from_kho = false;
}

static int lu_dma_setup_ring(struct lu_dma *ld, struct lu_dma_ring *arg)
{
	size_t size;

	if (!is_power_of_2(arg->entries) || arg->entries > LU_DMA_MAX_ENTRIES)
		return -EINVAL;
	if (ld->preserved)
		return -EBUSY;

	lu_dma_stop(ld);
	lu_dma_free_ring(ld);
	size = PAGE_ALIGN((size_t)arg->entries * LU_DMA_RECORD_SIZE);
	ld->ring = dma_alloc_coherent(&ld->pdev->dev, size, &ld->ring_dma,
				      GFP_KERNEL);
	if (!ld->ring)
		return -ENOMEM;
	ld->ring_size = size;
	ld->entries = arg->entries;
	lo_hi_writeq(ld->ring_dma, ld->regs + REG_RING_LO);
	writel(ld->entries, ld->regs + REG_RING_ENTRIES);
	arg->dma_addr = ld->ring_dma;
	return 0;
}

static int lu_dma_start_stream(struct lu_dma *ld, const struct lu_dma_stream *arg)
{
	if (!ld->ring)
		return -ENXIO;
	if (arg->period_ns < LU_DMA_MIN_PERIOD_NS)
		return -EINVAL;
	writel(arg->epoch, ld->regs + REG_EPOCH);
	writel(arg->period_ns, ld->regs + REG_PERIOD_NS);
	writel(CTRL_STREAM, ld->regs + REG_CTRL);
	return 0;
}

static int lu_dma_start_copy(struct lu_dma *ld, const struct lu_dma_copy *arg)
{
	u64 end_src = (u64)arg->src_offset + arg->len;
	u64 end_dst = (u64)arg->dst_offset + arg->len;

	if (!ld->ring)
		return -ENXIO;
	if (!arg->len || arg->len > LU_DMA_MAX_COPY_LEN || !arg->count ||
	    end_src > ld->ring_size || end_dst > ld->ring_size)
		return -EINVAL;
	if (readl(ld->regs + REG_CTRL) & CTRL_STREAM)
		return -EBUSY;
	lo_hi_writeq(ld->ring_dma + arg->src_offset, ld->regs + REG_COPY_SRC_LO);
	lo_hi_writeq(ld->ring_dma + arg->dst_offset, ld->regs + REG_COPY_DST_LO);
	writel(arg->len, ld->regs + REG_COPY_LEN);
	writel(arg->count, ld->regs + REG_COPY_COUNT);
	writel(CTRL_COPY, ld->regs + REG_CTRL);
	return 0;
}

static void lu_dma_counters(struct lu_dma *ld, struct lu_dma_counters *c)
{
	c->seq = lu_dma_read64(ld, REG_SEQ_LO);
	c->ok = lu_dma_read64(ld, REG_OK_LO);
	c->blocked = lu_dma_read64(ld, REG_BLOCKED_LO);
	c->ring_dma = lu_dma_read64(ld, REG_RING_LO);
	c->ctrl = readl(ld->regs + REG_CTRL);
	c->status = readl(ld->regs + REG_STATUS);
	c->entries = readl(ld->regs + REG_RING_ENTRIES);
	c->epoch = readl(ld->regs + REG_EPOCH);
	c->period_ns = readl(ld->regs + REG_PERIOD_NS);
	c->requester_id = readl(ld->regs + REG_REQUESTER_ID);
	c->resets = readl(ld->regs + REG_RESETS);
	c->copy_done = readl(ld->regs + REG_COPY_DONE);
}

static void lu_dma_info(struct lu_dma *ld, struct lu_dma_info *info)
{
	struct pci_dev *pdev = ld->pdev;

	*info = (struct lu_dma_info){
		.domain = pci_domain_nr(pdev->bus),
		.bdf = pci_dev_id(pdev),
		.vendor = pdev->vendor,
		.device = pdev->device,
		.subsystem_vendor = pdev->subsystem_vendor,
		.subsystem_device = pdev->subsystem_device,
	};
	if (ld->incoming)
		info->flags |= LU_DMA_INFO_INCOMING;
	if (ld->preserved)
		info->flags |= LU_DMA_INFO_PRESERVED;
	if (IS_ENABLED(CONFIG_PCI_LIVEUPDATE))
		info->flags |= LU_DMA_INFO_PCI_LU;
}

static long lu_dma_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct lu_dma *ld = file->private_data;
	void __user *uarg = (void __user *)arg;
	union {
		struct lu_dma_info info;
		struct lu_dma_ring ring;
		struct lu_dma_stream stream;
		struct lu_dma_copy copy;
		struct lu_dma_counters counters;
	} u;
	int ret = 0;

	if (_IOC_TYPE(cmd) != LU_DMA_IOC_MAGIC || _IOC_SIZE(cmd) > sizeof(u))
		return -ENOTTY;
	if ((_IOC_DIR(cmd) & _IOC_WRITE) &&
	    copy_from_user(&u, uarg, _IOC_SIZE(cmd)))
		return -EFAULT;

	scoped_guard(mutex, &ld->lock) {
		if (ld->unbound)
			return -ENODEV;
		switch (cmd) {
		case LU_DMA_IOC_INFO:
			lu_dma_info(ld, &u.info);
			break;
		case LU_DMA_IOC_SETUP_RING:
			ret = lu_dma_setup_ring(ld, &u.ring);
			break;
		case LU_DMA_IOC_START_STREAM:
			ret = lu_dma_start_stream(ld, &u.stream);
			break;
		case LU_DMA_IOC_STOP:
			lu_dma_stop(ld);
			break;
		case LU_DMA_IOC_START_COPY:
			ret = lu_dma_start_copy(ld, &u.copy);
			break;
		case LU_DMA_IOC_COUNTERS:
			lu_dma_counters(ld, &u.counters);
			break;
		default:
			return -ENOTTY;
		}
	}
	if (!ret && (_IOC_DIR(cmd) & _IOC_READ) &&
	    copy_to_user(uarg, &u, _IOC_SIZE(cmd)))
		return -EFAULT;
	return ret;
}

/* pread() returns ring contents; the engine may be writing them meanwhile. */
static ssize_t lu_dma_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	struct lu_dma *ld = file->private_data;

	guard(mutex)(&ld->lock);
	if (!ld->ring)
		return -ENXIO;
	return simple_read_from_buffer(buf, count, ppos, ld->ring, ld->ring_size);
}

static bool lu_dma_engine_busy(struct lu_dma *ld)
{
	return readl(ld->regs + REG_CTRL) & (CTRL_STREAM | CTRL_COPY);
}

static int lu_dma_open(struct inode *inode, struct file *file)
{
	struct lu_dma *ld = container_of(file->private_data, struct lu_dma, misc);

	guard(mutex)(&ld->lock);
	if (ld->owned)
		return -EBUSY;
	/*
	 * A running engine nobody owns was handed over by the previous
	 * kernel: it belongs to whoever retrieves it from the LUO session.
	 */
	if (ld->incoming || lu_dma_engine_busy(ld))
		return -EBUSY;
	ld->owned = true;
	kref_get(&ld->ref);
	file->private_data = ld;
	return 0;
}

static int lu_dma_release(struct inode *inode, struct file *file)
{
	struct lu_dma *ld = file->private_data;

	scoped_guard(mutex, &ld->lock) {
		lu_dma_stop(ld);
		lu_dma_free_ring(ld);
		ld->owned = false;
	}
	lu_dma_put(ld);
	return 0;
}

static const struct file_operations lu_dma_fops = {
	.owner = THIS_MODULE,
	.open = lu_dma_open,
	.release = lu_dma_release,
	.read = lu_dma_read,
	.unlocked_ioctl = lu_dma_ioctl,
	.llseek = default_llseek,
};

/* Live Update: the LUO file handler */

static bool lu_dma_luo_can_preserve(struct liveupdate_file_handler *handler,
				    struct file *file)
{
	return file->f_op == &lu_dma_fops;
}

static int lu_dma_luo_preserve(struct liveupdate_file_op_args *args)
{
	struct lu_dma *ld = args->file->private_data;
	struct pci_dev *pdev = ld->pdev;
	struct lu_dma_ser *ser;
	int ret;

	guard(mutex)(&ld->lock);
	if (ld->unbound)
		return -ENODEV;
	if (!ld->ring || ld->preserved)
		return ld->ring ? -EBUSY : -ENXIO;
	/* KHO preserves pages of the linear map; a remapped buffer has none. */
	if (is_vmalloc_addr(ld->ring))
		return -EOPNOTSUPP;

	ser = kho_alloc_preserve(sizeof(*ser));
	if (IS_ERR(ser))
		return PTR_ERR(ser);
	*ser = (struct lu_dma_ser){
		.domain = pci_domain_nr(pdev->bus),
		.bdf = pci_dev_id(pdev),
		.ring_phys = virt_to_phys(ld->ring),
		.ring_dma = ld->ring_dma,
		.ring_size = ld->ring_size,
		.entries = ld->entries,
		.ctrl = readl(ld->regs + REG_CTRL),
	};

	ret = kho_preserve_pages(virt_to_page(ld->ring), ld->ring_size >> PAGE_SHIFT);
	if (ret)
		goto err_free_ser;
	ret = pci_liveupdate_preserve(pdev);
	if (ret)
		goto err_unpreserve_ring;

	ld->preserved = true;
	args->serialized_data = virt_to_phys(ser);
	args->private_data = ser;
	pci_info(pdev, "engine preserved for Live Update (ring %pad, %u entries)\n",
		 &ld->ring_dma, ld->entries);
	return 0;

err_unpreserve_ring:
	kho_unpreserve_pages(virt_to_page(ld->ring), ld->ring_size >> PAGE_SHIFT);
err_free_ser:
	kho_unpreserve_free(ser);
	return ret;
}

static void lu_dma_luo_unpreserve(struct liveupdate_file_op_args *args)
{
	struct lu_dma *ld = args->file->private_data;

	guard(mutex)(&ld->lock);
	pci_liveupdate_unpreserve(ld->pdev);
	kho_unpreserve_pages(virt_to_page(ld->ring), ld->ring_size >> PAGE_SHIFT);
	kho_unpreserve_free(args->private_data);
	ld->preserved = false;
}

static struct lu_dma *lu_dma_find(const struct lu_dma_ser *ser);

static int lu_dma_luo_retrieve(struct liveupdate_file_op_args *args)
{
	struct lu_dma_ser *ser = phys_to_virt(args->serialized_data);
	unsigned long nr_pages = ser->ring_size >> PAGE_SHIFT;
	struct lu_dma *ld = lu_dma_find(ser);
	struct file *file;
	struct page *page;
	u64 hw_ring;

	if (!ld)
		return -ENODEV;

	guard(mutex)(&ld->lock);
	if (ld->owned)
		return -EBUSY;

	hw_ring = lu_dma_read64(ld, REG_RING_LO);
	if (hw_ring != ser->ring_dma)
		pci_warn(ld->pdev, "engine ring %#llx is not the preserved ring %#llx (reset?)\n",
			 hw_ring, ser->ring_dma);

	page = kho_restore_pages(ser->ring_phys, nr_pages);
	if (!page)
		return -EFAULT;
	file = anon_inode_getfile_fmode("[lu_dma]", &lu_dma_fops, ld, O_RDWR,
					FMODE_PREAD | FMODE_LSEEK);
	if (IS_ERR(file)) {
		while (nr_pages--)
			__free_page(page + nr_pages);
		return PTR_ERR(file);
	}

	/* The same ring, still being written: no reset, no reprogramming. */
	ld->ring = page_address(page);
	ld->ring_dma = ser->ring_dma;
	ld->ring_size = ser->ring_size;
	ld->entries = ser->entries;
	ld->ring_from_kho = true;
	ld->owned = true;
	kref_get(&ld->ref);
	args->file = file;
	pci_info(ld->pdev, "engine retrieved from Live Update (seq %llu, %s)\n",
		 lu_dma_read64(ld, REG_SEQ_LO),
		 lu_dma_engine_busy(ld) ? "running" : "stopped");
	return 0;
}

static void lu_dma_luo_finish(struct liveupdate_file_op_args *args)
{
	struct lu_dma_ser *ser = phys_to_virt(args->serialized_data);
	/* A retrieved file keeps its engine, bound or not. */
	struct lu_dma *ld = args->file ? args->file->private_data : lu_dma_find(ser);

	if (ld) {
		guard(mutex)(&ld->lock);
		if (!args->file) {
			/* Never retrieved: nobody reads the ring, stop writing it. */
			lu_dma_stop(ld);
			if (kho_restore_pages(ser->ring_phys, ser->ring_size >> PAGE_SHIFT))
				free_pages_exact(phys_to_virt(ser->ring_phys), ser->ring_size);
		}
		if (ld->incoming)
			pci_liveupdate_finish(ld->pdev);
		ld->incoming = false;
	}
	kho_restore_free(ser);
}

static const struct liveupdate_file_ops lu_dma_luo_ops = {
	.can_preserve = lu_dma_luo_can_preserve,
	.preserve = lu_dma_luo_preserve,
	.unpreserve = lu_dma_luo_unpreserve,
	.retrieve = lu_dma_luo_retrieve,
	.finish = lu_dma_luo_finish,
	.owner = THIS_MODULE,
};

static struct liveupdate_file_handler lu_dma_luo_handler = {
	.ops = &lu_dma_luo_ops,
	.compatible = LU_DMA_LUO_COMPATIBLE,
};

/* PCI driver */

static struct pci_driver lu_dma_driver;

static struct lu_dma *lu_dma_find(const struct lu_dma_ser *ser)
{
	struct pci_dev *pdev;
	struct lu_dma *ld = NULL;

	pdev = pci_get_domain_bus_and_slot(ser->domain, PCI_BUS_NUM(ser->bdf),
					   ser->bdf & 0xff);
	if (!pdev) {
		pr_err("preserved engine %04x:%02x:%02x.%d is gone\n", ser->domain,
		       PCI_BUS_NUM(ser->bdf), PCI_SLOT(ser->bdf), PCI_FUNC(ser->bdf));
		return NULL;
	}
	if (pdev->driver == &lu_dma_driver)
		ld = pci_get_drvdata(pdev);
	else
		pci_err(pdev, "preserved engine is not bound to %s\n",
			lu_dma_driver.name);
	pci_dev_put(pdev);
	return ld;
}

static int lu_dma_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct lu_dma *ld;
	int ret;

	ld = kzalloc_obj(*ld);
	if (!ld)
		return -ENOMEM;
	kref_init(&ld->ref);
	ld->pdev = pci_dev_get(pdev);
	mutex_init(&ld->lock);
	ld->incoming = pci_liveupdate_is_incoming(pdev);

	/* Enabling memory decoding and mastering never stops the engine. */
	ret = pcim_enable_device(pdev);
	if (ret)
		goto err_put;
	ld->regs = pcim_iomap_region(pdev, 0, KBUILD_MODNAME);
	if (IS_ERR(ld->regs)) {
		ret = PTR_ERR(ld->regs);
		goto err_put;
	}
	if (readl(ld->regs + REG_ID) != LU_DMA_ID) {
		ret = dev_err_probe(&pdev->dev, -ENODEV, "not an lu-dma engine\n");
		goto err_put;
	}
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		goto err_put;
	pci_set_master(pdev);

	snprintf(ld->name, sizeof(ld->name), "lu_dma-%s", pci_name(pdev));
	ld->misc = (struct miscdevice){
		.minor = MISC_DYNAMIC_MINOR,
		.name = ld->name,
		.fops = &lu_dma_fops,
		.parent = &pdev->dev,
	};
	ret = misc_register(&ld->misc);
	if (ret)
		goto err_put;
	pci_set_drvdata(pdev, ld);
	pci_info(pdev, "lu-dma engine /dev/%s%s\n", ld->name,
		 ld->incoming ? ", inherited from the previous kernel" : "");
	return 0;

err_put:
	lu_dma_put(ld);
	return ret;
}

static void lu_dma_remove(struct pci_dev *pdev)
{
	struct lu_dma *ld = pci_get_drvdata(pdev);

	misc_deregister(&ld->misc);
	/* Open and retrieved files stay; the registers go with the binding. */
	scoped_guard(mutex, &ld->lock) {
		lu_dma_stop(ld);
		ld->unbound = true;
	}
	pci_set_drvdata(pdev, NULL);
	lu_dma_put(ld);
}

/* At kexec a preserved engine keeps running; any other one stops. */
static void lu_dma_shutdown(struct pci_dev *pdev)
{
	struct lu_dma *ld = pci_get_drvdata(pdev);

	if (ld->preserved) {
		pci_info(pdev, "preserved: engine left running (seq %llu)\n",
			 lu_dma_read64(ld, REG_SEQ_LO));
		return;
	}
	lu_dma_stop(ld);
}

static const struct pci_device_id lu_dma_ids[] = {
	{ PCI_DEVICE(LU_DMA_VENDOR, LU_DMA_DEVICE) },
	{}
};
MODULE_DEVICE_TABLE(pci, lu_dma_ids);

static struct pci_driver lu_dma_driver = {
	.name = "lu_dma",
	.id_table = lu_dma_ids,
	.probe = lu_dma_probe,
	.remove = lu_dma_remove,
	.shutdown = lu_dma_shutdown,
};

static int __init lu_dma_init(void)
{
	int ret;

	ret = pci_register_driver(&lu_dma_driver);
	if (ret)
		return ret;

	ret = liveupdate_register_file_handler(&lu_dma_luo_handler);
	if (ret) {
		pr_info("Live Update not available (%d): engines cannot be preserved\n",
			ret);
		return 0;
	}
	ret = pci_liveupdate_register_flb(&lu_dma_luo_handler);
	if (ret)
		pr_warn("cannot register with PCI Live Update (%d)\n", ret);
	return 0;
}
module_init(lu_dma_init);

MODULE_DESCRIPTION("lu-dma Live Update DMA test engine");
MODULE_LICENSE("GPL");
