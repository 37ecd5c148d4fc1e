// Story templates for persona cards: what a typical customer of a group wants, what gets in
// the way, a quote, a short purchase scenario and recommended actions, in Chinese and
// English. They are TEMPLATES (written from what the group's RFM or lifecycle position
// usually means), used when no survey is joined; the card must say so (isTemplate).
//
// Actions never suggest charging some customers more than others (no price discrimination):
// they are about service, relevance, timing and rewards.
import { SEGMENT_NAMES } from '../summary/summary';
import type { SegmentName } from '../summary/summary';
import { segmentCode } from '../rfm/rfm';
import type { LifecycleStage } from '../lifecycle/lifecycle';
import type { Lang } from '../types';

export interface PersonaTemplate {
  /** A short line under the persona's name. */
  tagline: string;
  goals: string[];
  pains: string[];
  motivations: string[];
  /** One line in the customer's own voice. */
  quote: string;
  /**
   * A typical purchase story with placeholders for fillTemplate: {name} (the persona's name),
   * {channel} (main purchase channel, e.g. 微信小程序 / "the app"), {category} (top category,
   * e.g. 护肤品 / "skincare"), {basket} (typical order value, formatted with its currency,
   * e.g. ¥368 / $45) and {days} (days since the last purchase, digits only, e.g. 12).
   */
  scenario: string;
  actions: string[];
}

export type GroupKind = 'segment' | 'lifecycle' | 'cluster' | 'saved';

/** Which of R (recency), F and M are above average for a group, as in the RFM segments. */
export interface RfmHint {
  rHigh: boolean;
  fHigh: boolean;
  mHigh: boolean;
}

/** Which template a card got: a segment's, a lifecycle stage's, or the generic one. */
export type TemplateSource =
  | { kind: 'segment'; key: SegmentName }
  | { kind: 'lifecycle'; key: LifecycleStage }
  | { kind: 'generic' };

export interface TemplateResult extends PersonaTemplate {
  isTemplate: true;
  source: TemplateSource;
}

type Bilingual = Readonly<Record<Lang, PersonaTemplate>>;

// --- RFM segments ---

export const SEGMENT_TEMPLATES: Readonly<Record<SegmentName, Bilingual>> = {
  重要价值: {
    'zh-CN': {
      tagline: '高频高额的忠实老客',
      goals: [
        '买到品质靠得住的东西，省去反复比较的时间',
        '作为老会员享受到真正的专属待遇',
        '新品、好货能第一时间知道',
      ],
      pains: [
        '会员权益和普通顾客差不多，感觉不被重视',
        '热门商品常常缺货，需要抢购',
        '售后要反复说明情况，流程不够顺畅',
      ],
      motivations: ['对品牌的信任和一贯稳定的品质', '被认可、被重视的感觉'],
      quote: '我在你们这儿买了好几年了，希望你们也能记得我这个老顾客。',
      scenario:
        '{name|这位顾客}是店里的老熟客[[，最近一次下单就在 {days} 天前]]。[[平时习惯在{channel}下单，]]常用的东西快用完前就会主动补货[[，{category}几乎每次都在购物车里]]，很少比价[[，一单通常在 {basket} 左右]]。',
      actions: [
        '开通 VIP 专属客服和优先发货，让老客少等待',
        '新品上市前邀请试用或抢先购，并认真收集反馈',
        '设计会员升级礼遇和积分专享兑换，而不是一味打折',
      ],
    },
    en: {
      tagline: 'Loyal regulars who buy often and spend well',
      goals: [
        'Get reliable quality without comparing every time',
        'Feel that years of loyalty actually count for something',
        'Hear about new and limited products first',
      ],
      pains: [
        'Member perks feel no different from what first-time buyers get',
        'Popular items are often out of stock',
        'Having to explain everything again whenever something goes wrong',
      ],
      motivations: ['Trust in consistent quality', 'Being recognised and valued'],
      quote: "I've shopped here for years. It would be nice to feel you know me.",
      scenario:
        '{name|This customer} is one of your regulars[[ and last ordered just {days} days ago]]. [[Usually orders through {channel}. ]]Restocks before things run out and rarely compares prices[[; {category} is in almost every basket]][[. A typical order comes to about {basket}]].',
      actions: [
        'Offer a dedicated service line and priority dispatch so regulars never wait',
        'Invite them to try new products before launch, and listen to their feedback',
        'Build tier upgrades and members-only rewards rather than ever-deeper discounts',
      ],
    },
  },
  重要发展: {
    'zh-CN': {
      tagline: '出手大方，但还没养成复购习惯',
      goals: [
        '一次买对，花的钱物有所值',
        '有需要时能很快找到合适的商品',
        '了解品牌还有哪些值得买的好东西',
      ],
      pains: [
        '除了这次买的，不清楚店里还有什么适合自己',
        '会员体系看不懂，不知道复购有什么好处',
        '收到的推送和自己关系不大',
      ],
      motivations: ['品质和体验带来的满足感', '省心的一站式购买'],
      quote: '东西挺好的，就是平时想不起来再来看看。',
      scenario:
        '{name|这位顾客}最近[[在{channel}]]下了一笔不小的订单[[，主要是{category}]][[，一单就花了 {basket}]][[，就在 {days} 天前]]。不过平时来得不勤，东西用完之后不一定记得回来。',
      actions: [
        '根据这次购买推荐搭配或互补商品，引导第二次、第三次购买',
        '邀请加入会员，讲清楚复购能得到的积分和专属服务',
        '在商品快用完时发送贴心的补货提醒',
      ],
    },
    en: {
      tagline: 'Big spenders who have not formed a habit yet',
      goals: [
        'Buy the right thing once and get real value from it',
        'Find what they need quickly when a need comes up',
        'Discover what else the brand does well',
      ],
      pains: [
        'Not sure what else in the range would suit them',
        'The membership scheme is hard to understand',
        'Messages feel generic and irrelevant',
      ],
      motivations: [
        'Satisfaction from quality and a good experience',
        'Convenient, one-stop buying',
      ],
      quote: "Loved what I bought. I just don't think to come back and browse.",
      scenario:
        '{name|This customer} recently placed a generous order[[ for {category}]][[ through {channel}]][[, spending about {basket}]]. [[That was {days} days ago. ]]Visits are rare, though, and there is no habit yet of coming back once the product runs out.',
      actions: [
        'Recommend complementary products based on this purchase to encourage a second and third order',
        'Invite them to join the membership and explain clearly what repeat buying earns them',
        'Send a timely replenishment reminder when the product is likely to run out',
      ],
    },
  },
  重要保持: {
    'zh-CN': {
      tagline: '曾经的常客，最近悄悄少来了',
      goals: ['继续买到用惯了的那几样东西', '遇到问题时有人认真处理', '老顾客的身份依然被看见'],
      pains: [
        '上一次的体验有点失望，比如缺货、发货慢或售后不顺',
        '被其他平台的优惠或新品牌吸引',
        '生活或需求有了变化，原来的商品不再合适',
      ],
      motivations: ['习惯和信任，不想重新找替代品', '被主动关心、被记住'],
      quote: '以前几乎每个月都买，最近事情多，也就没怎么来了。',
      scenario:
        '{name|这位顾客}过去是店里的常客[[，习惯在{channel}下单]][[，{category}几乎每个月都买]][[，一单通常在 {basket} 左右]]。[[可最近已经 {days} 天没有下单了，]]说不清是体验上出了问题，还是被别家吸引走了。',
      actions: [
        '由专属客服或店长一对一回访，了解不再购买的原因',
        '针对常买商品发送补货提醒，附上老客回归礼遇',
        '如果发现缺货、物流或售后问题，先改进再邀请回来',
      ],
    },
    en: {
      tagline: 'Former regulars who have quietly drifted off',
      goals: [
        'Keep buying the products they already rely on',
        'Have problems handled properly when they come up',
        'Still be recognised as a long-standing customer',
      ],
      pains: [
        'A recent disappointment: a stock-out, slow delivery or a clumsy return',
        'Tempted away by other platforms or new brands',
        'Changing needs mean the old products no longer fit',
      ],
      motivations: [
        'Habit and trust: they would rather not hunt for a replacement',
        'Being remembered and personally looked after',
      ],
      quote: 'I used to order almost every month. Then life got busy and I just stopped.',
      scenario:
        '{name|This customer} used to order often[[ through {channel}]][[, with {category} in almost every basket]][[ and a typical spend of about {basket}]]. [[It has now been {days} days since the last order. ]]It is not clear yet whether something went wrong or a competitor simply caught their eye.',
      actions: [
        'Have a dedicated adviser or the store manager call them personally to ask why they stopped',
        'Send restock reminders for their usual products with a welcome-back gift for long-standing customers',
        'If the answers point to stock, delivery or returns problems, fix those before inviting them back',
      ],
    },
  },
  重要挽留: {
    'zh-CN': {
      tagline: '买过大单，却已渐行渐远',
      goals: [
        '为重要场合或大件需求找到靠谱的选择',
        '花大钱时得到专业的建议和保障',
        '售后有保障，买得放心',
      ],
      pains: [
        '大额购买之后没有得到应有的跟进和关怀',
        '不清楚店里有没有适合自己的新品',
        '别的渠道报价和服务更有吸引力',
      ],
      motivations: ['专业、可信赖的购买建议', '与消费金额相匹配的服务体验'],
      quote: '那次买得挺满意，后来就没什么理由再回来了。',
      scenario:
        '{name|这位顾客}[[曾在{channel}]]买过一笔大单[[，主要是{category}]][[，花了约 {basket}]]，之后就很少再来[[，距上次购买已有 {days} 天]]。当时的体验不错，只是后来没人跟进，也就没有再回来的理由。',
      actions: [
        '安排专人一对一联系，回访商品的使用体验',
        '根据过去的购买推荐升级款或配套服务，如保养、以旧换新',
        '给出有诚意的回归理由，如专属顾问、延长保修或会员礼遇',
      ],
    },
    en: {
      tagline: 'Made one big purchase, now slipping away',
      goals: [
        'Find a dependable option for big occasions and big-ticket needs',
        'Get proper advice and guarantees when spending a lot',
        'Feel confident about after-sales support',
      ],
      pains: [
        'No follow-up or care after a large purchase',
        'No idea whether there is anything new that suits them',
        'Competitors offer better quotes or service',
      ],
      motivations: [
        'Expert, trustworthy buying advice',
        'Service that matches how much they spend',
      ],
      quote: 'That purchase went well. I just never had a reason to come back.',
      scenario:
        '{name|This customer} once placed a large order[[ through {channel}]][[, mostly {category}]][[, worth about {basket}]], and has rarely been back since[[; the last purchase was {days} days ago]]. The experience was good, but nobody followed up and there was no reason to return.',
      actions: [
        'Have a named adviser reach out one-to-one and ask how the purchase has worked out',
        'Suggest upgrades or services based on what they bought, such as maintenance or a trade-in',
        'Give them a genuine reason to return: a personal adviser, an extended warranty or a member benefit',
      ],
    },
  },
  一般价值: {
    'zh-CN': {
      tagline: '常来常买，客单价不高',
      goals: [
        '日常所需随时能买、很快到手',
        '每一笔都花得值，买得划算',
        '少操心，常买的东西一键复购',
      ],
      pains: [
        '凑单、满减规则复杂，算起来费劲',
        '买点小东西还得凑够包邮门槛',
        '拿不准升级款或大包装到底值不值',
      ],
      motivations: ['方便和习惯', '实实在在的性价比'],
      quote: '我基本每周都来看看，但每次就买点日常要用的。',
      scenario:
        '{name|这位顾客}几乎每周都会来[[，最近一次就在 {days} 天前]]。[[习惯在{channel}顺手下单，]]买的多是日常用品[[，尤其是{category}]][[，一单大概 {basket}]]，很少会多加几样别的。',
      actions: [
        '做实用的搭配推荐和组合装，让多买一件顺理成章',
        '在购物车页推荐相关的升级款或大容量装，并讲清实际好处',
        '用积分、会员日回馈高频购买，增强黏性',
      ],
    },
    en: {
      tagline: 'Frequent visitors with small baskets',
      goals: [
        'Get everyday items quickly, whenever they need them',
        'Feel that every purchase is good value',
        'Reorder the usual things with minimal effort',
      ],
      pains: [
        'Complicated promotion rules that take effort to work out',
        'Having to top up small orders to reach free delivery',
        'Unsure whether a better or bigger option is worth it',
      ],
      motivations: ['Convenience and habit', 'Honest value for money'],
      quote: 'I pop in most weeks, but I only pick up the everyday stuff.',
      scenario:
        '{name|This customer} shops almost every week[[; the last visit was {days} days ago]]. [[Orders usually come through {channel}. ]]Baskets are mostly everyday essentials[[, especially {category}]][[, at about {basket} each]], and rarely include anything extra.',
      actions: [
        'Offer practical bundles and pairings so adding one more item feels natural',
        'Suggest relevant upgrades or larger packs in the basket, and explain the real benefit',
        'Reward frequent purchases with points and member days to build loyalty',
      ],
    },
  },
  一般发展: {
    'zh-CN': {
      tagline: '刚来不久、还在试探的新面孔',
      goals: [
        '先少买一点试试，看合不合适',
        '快速了解品牌和商品，少走弯路',
        '第一次购物就有顺畅的体验',
      ],
      pains: ['选择太多，不知道从哪里开始', '注册、领券的步骤繁琐', '担心买错，不确定退换方不方便'],
      motivations: ['新客专享的尝鲜机会', '朋友推荐和真实评价带来的信任'],
      quote: '先买一点试试，好用的话再说。',
      scenario:
        '{name|这位顾客}[[ {days} 天前]]刚在{channel|店里}下了一单[[，买了点{category}试试]][[，金额不大，约 {basket}]]。目前还在观望，会不会再来，很大程度上取决于这次的体验。',
      actions: [
        '发送欢迎礼包和新手指南，介绍热门商品和会员权益',
        '首单后适时推荐适合入门的商品，引导第二次购买',
        '简化注册和领券流程，讲清退换政策，打消顾虑',
      ],
    },
    en: {
      tagline: 'New faces still trying things out',
      goals: [
        'Try a little first to see if it suits them',
        'Get to know the brand and the range quickly',
        'Have a smooth first shopping experience',
      ],
      pains: [
        'Too much choice and no idea where to start',
        'Fiddly sign-up and coupon steps',
        'Worried about buying the wrong thing and unsure about returns',
      ],
      motivations: [
        'A welcome offer that makes trying something new easy',
        "Trust from friends' recommendations and genuine reviews",
      ],
      quote: "I'll try a little first and see how it goes.",
      scenario:
        '{name|This customer} placed a small order recently[[ through {channel}]][[, trying out some {category}]][[ for about {basket}]]. [[That was {days} days ago. ]]Still making up their mind: whether a second order follows depends largely on how this one goes.',
      actions: [
        'Send a welcome pack and a short guide to popular products and member benefits',
        'After the first order, recommend beginner-friendly products to prompt a second purchase',
        'Simplify sign-up and coupons, and make the returns policy clear to ease worries',
      ],
    },
  },
  一般保持: {
    'zh-CN': {
      tagline: '曾经常来，如今少见的熟面孔',
      goals: ['继续方便地买到常用的小件', '有合适的优惠时能及时知道', '买东西省时省心'],
      pains: [
        '找到了更近、更便宜或更快的渠道',
        '常买的商品缺货或下架了',
        '促销信息太多，真正有用的反而错过了',
      ],
      motivations: ['习惯和便利', '适度的优惠和提醒'],
      quote: '以前经常顺手买，后来换了个地方买，也就把这边忘了。',
      scenario:
        '{name|这位顾客}以前经常来[[，常在{channel}顺手买点东西]][[，多半是{category}]][[，每次花得不多，约 {basket}]]。[[不过已经 {days} 天没来了，]]可能是找到了更顺手的渠道，也可能只是忘了。',
      actions: [
        '用自动化提醒低成本唤醒，如短信、公众号或 App 推送（仅限已同意接收营销信息的顾客）',
        '针对常买的小件发放回归券或补货提醒',
        '用一个简单的问题了解离开原因，据此改进商品和服务',
      ],
    },
    en: {
      tagline: 'Familiar faces who used to pop in often',
      goals: [
        'Keep buying the small things they use regularly, without fuss',
        'Hear about a relevant deal when there is one',
        'Save time and hassle when shopping',
      ],
      pains: [
        'Found a closer, cheaper or faster alternative',
        'Their usual items were out of stock or discontinued',
        'So many promotions that the useful ones get missed',
      ],
      motivations: ['Habit and convenience', 'Modest offers and timely reminders'],
      quote:
        'I used to grab things here all the time, then started shopping elsewhere and forgot about you.',
      scenario:
        '{name|This customer} used to shop here often[[, usually through {channel}]][[, mostly for {category}]][[, spending about {basket} a time]]. [[It has now been {days} days since the last visit. ]]Perhaps another shop became more convenient, or perhaps they simply forgot.',
      actions: [
        'Re-engage at low cost with automated reminders by SMS, app push or e-mail (only where marketing consent was given)',
        'Send a welcome-back coupon or a restock reminder for their usual small items',
        'Ask one simple question about why they stopped, and use the answers to improve',
      ],
    },
  },
  一般挽留: {
    'zh-CN': {
      tagline: '偶尔来过一两次，已经走远了',
      goals: ['需要时能找到实惠实用的东西', '购物过程简单，不被打扰', '不想被频繁推销'],
      pains: [
        '当初只是一时需要，之后没有再来的理由',
        '频繁的营销信息让人反感',
        '比较下来觉得别处更划算',
      ],
      motivations: ['真正需要时的便利', '简单直接的优惠'],
      quote: '就买过一两次，现在基本想不起来。',
      scenario:
        '{name|这位顾客}只在{channel|这里}买过一两次[[，买的是{category}]][[，金额不大，约 {basket}]][[，距上次购买已有 {days} 天]]。当时只是一时需要，之后就没再回来。',
      actions: [
        '只做低成本触达，如季节提醒或大促通知，并控制频率',
        '定期清理长期没有响应的联系人，减少打扰和营销成本',
        '把预算优先投向更有潜力的人群',
      ],
    },
    en: {
      tagline: 'One-off visitors who have moved on',
      goals: [
        'Find something affordable and practical when the need arises',
        'A simple, no-fuss shopping experience',
        'Not being pestered with marketing',
      ],
      pains: [
        'The purchase met a one-off need, with no reason to return',
        'Frequent marketing messages are off-putting',
        'Other shops seemed better value',
      ],
      motivations: [
        'Convenience when they genuinely need something',
        'Simple, straightforward offers',
      ],
      quote: "I've only bought here once or twice. I don't really think about it now.",
      scenario:
        '{name|This customer} has bought only once or twice[[ through {channel}]][[, picking up some {category}]][[ for about {basket}]][[; the last purchase was {days} days ago]]. It was a one-off need, and there has been no reason to come back.',
      actions: [
        'Keep contact low-cost and infrequent, such as seasonal reminders or major sale announcements',
        'Regularly remove long-unresponsive contacts to cut noise and marketing cost',
        'Focus the budget on groups with more potential',
      ],
    },
  },
};

// --- Lifecycle stages ---

export const LIFECYCLE_TEMPLATES: Readonly<Record<LifecycleStage, Bilingual>> = {
  new: {
    'zh-CN': {
      tagline: '刚刚完成首购的新客',
      goals: ['确认第一次买得对不对', '快速上手，把商品用出效果', '弄清会员和售后规则'],
      pains: [
        '对品牌还不熟，品质和售后心里没底',
        '首单后收到的信息又多又杂',
        '不知道下一步该买什么',
      ],
      motivations: ['良好的第一印象', '贴心的使用指导和欢迎礼遇'],
      quote: '刚买的东西还在用，先看看效果怎么样。',
      scenario:
        '{name|这位顾客}是刚来的新客，[[{days} 天前]]在{channel|店里}完成了第一次购买[[，买的是{category}]][[，金额约 {basket}]]。现在正在体验商品，会不会有第二次购买，往往就在接下来的几周里见分晓。',
      actions: [
        '首单后 24 小时内发送使用指南和售后说明',
        '在商品使用周期内推荐互补商品，促成第二次购买',
        '邀请加入会员，说明积分和专属权益',
      ],
    },
    en: {
      tagline: 'Just made a first purchase',
      goals: [
        'Make sure the first purchase was the right one',
        'Get started with the product quickly and see results',
        'Understand the membership and after-sales rules',
      ],
      pains: [
        'Unfamiliar with the brand and unsure about quality and support',
        'Too many messages straight after the first order',
        'No idea what to buy next',
      ],
      motivations: ['A good first impression', 'Helpful usage tips and a warm welcome'],
      quote: "Still trying out what I bought. Let's see how it works.",
      scenario:
        '{name|This customer} made a first purchase[[ {days} days ago]][[ through {channel}]][[, choosing {category}]][[ for about {basket}]]. The product is being tried out now, and whether a second order follows is usually decided within the next few weeks.',
      actions: [
        'Send a usage guide and after-sales information within 24 hours of the first order',
        'Recommend complementary products during the usage period to prompt a second purchase',
        'Invite them to join the membership and explain points and member benefits',
      ],
    },
  },
  growing: {
    'zh-CN': {
      tagline: '开始复购，关系正在升温',
      goals: [
        '找到更多适合自己的商品',
        '复购更方便，省去重新挑选的时间',
        '作为会员获得更多实惠和服务',
      ],
      pains: [
        '推荐不够个性化，总是推同样的东西',
        '会员等级和权益说得不够清楚',
        '物流或库存偶尔不稳定，影响再次购买',
      ],
      motivations: ['对品牌越来越信任', '会员成长带来的成就感和回报'],
      quote: '用了几次觉得不错，现在会主动来看看有什么新东西。',
      scenario:
        '{name|这位顾客}已经回购过几次[[，最近一次在 {days} 天前]][[，主要在{channel}下单]][[，对{category}尤其满意]][[，一单约 {basket}]]。对品牌的信任正在建立，开始愿意尝试更多品类。',
      actions: [
        '根据购买记录做个性化推荐，引导尝试新的品类',
        '清楚展示会员等级进度，让顾客知道离下一个权益还差多少',
        '邀请写评价或晒单，增强参与感',
      ],
    },
    en: {
      tagline: 'Coming back and warming up',
      goals: [
        'Discover more products that suit them',
        'Reorder easily without searching all over again',
        'Get more value and service as a member',
      ],
      pains: [
        'Recommendations feel generic and repetitive',
        'Membership tiers and benefits are unclear',
        'Occasional delivery or stock problems get in the way of reordering',
      ],
      motivations: ['Growing trust in the brand', 'A sense of progress and reward as a member'],
      quote: "It's been good so far. Now I check back to see what's new.",
      scenario:
        '{name|This customer} has come back a few times now[[, most recently {days} days ago]][[, mostly through {channel}]][[, and is especially happy with {category}]][[; a typical order is about {basket}]]. Trust in the brand is building, and they are starting to try more categories.',
      actions: [
        'Personalise recommendations from their purchase history to introduce new categories',
        'Show membership tier progress clearly, so they know how close the next benefit is',
        'Invite reviews and photo posts to deepen engagement',
      ],
    },
  },
  mature: {
    'zh-CN': {
      tagline: '稳定复购的成熟老客',
      goals: ['稳定买到用惯的商品，不出差错', '享受与忠诚度相匹配的服务', '偶尔发现值得一试的新品'],
      pains: [
        '买了很久，却感受不到额外的重视',
        '常用商品换了包装或配方，事先没有告知',
        '同样的推送看了一遍又一遍',
      ],
      motivations: ['信任与习惯', '被当作老朋友对待'],
      quote: '这家我一直在买，用着放心，不想再换了。',
      scenario:
        '{name|这位顾客}已经是稳定的老顾客[[，习惯在{channel}下单]][[，{category}几乎是固定的回购清单]][[，一单约 {basket}]][[，最近一次购买在 {days} 天前]]。买什么、什么时候买都很有规律，最看重的是稳定和省心。',
      actions: [
        '提供周期购、一键复购等省心服务',
        '用专属礼遇和生日关怀表达感谢，而不是一味打折',
        '邀请参与新品内测或用户共创，听取老客意见',
      ],
    },
    en: {
      tagline: 'Settled, steady repeat buyers',
      goals: [
        'Reliably get the products they are used to',
        'Receive service that reflects their loyalty',
        'Occasionally discover something new worth trying',
      ],
      pains: [
        'Years of buying, but no sense of being valued',
        'Changes to packaging or formulas without notice',
        'Seeing the same promotions over and over',
      ],
      motivations: ['Trust and habit', 'Being treated like an old friend'],
      quote: "I've been buying here for ages. It works, and I don't want to switch.",
      scenario:
        '{name|This customer} is a settled regular[[ who orders through {channel}]][[, with {category} firmly on the repeat list]][[ and a typical order of about {basket}]][[; the last purchase was {days} days ago]]. What they buy and when is predictable, and what they value most is reliability and ease.',
      actions: [
        'Offer subscriptions and one-click reordering',
        'Say thank you with member-only treats and birthday greetings rather than constant discounts',
        'Invite them to test new products or join a customer panel',
      ],
    },
  },
  dormant: {
    'zh-CN': {
      tagline: '有一阵子没来了，但还没走远',
      goals: ['需要的时候能方便地重新下单', '看到真正和自己相关的新内容', '不被过度打扰'],
      pains: [
        '生活节奏变了，购物需求暂时减少',
        '被其他渠道的活动吸引',
        '上次的体验留下了一点小遗憾',
      ],
      motivations: ['恰到好处的提醒', '有吸引力的新品或回归理由'],
      quote: '不是不喜欢了，就是最近没顾上。',
      scenario:
        '{name|这位顾客}以前会定期[[在{channel}]]购买[[{category}]][[，一单约 {basket}]]，最近却没了动静[[，已经 {days} 天没有下单]]。看起来只是暂时放下，还没有真正离开。',
      actions: [
        '发送个性化的“好久不见”提醒，附上常买商品的新品或补货信息（仅限已同意接收营销信息的顾客）',
        '提供限时的回归礼遇，让重新下单更容易',
        '用一个简单的问题了解沉睡原因，据此改进',
      ],
    },
    en: {
      tagline: 'Quiet for a while, but not gone',
      goals: [
        'Reorder easily when the need comes back',
        'See new things that are actually relevant to them',
        'Not be bombarded with messages',
      ],
      pains: [
        'A change in routine means fewer shopping needs for now',
        'Pulled away by promotions elsewhere',
        'A small disappointment last time',
      ],
      motivations: [
        'A well-timed reminder',
        'An appealing new product or a good reason to come back',
      ],
      quote: "It's not that I stopped liking it. I just haven't got round to it.",
      scenario:
        '{name|This customer} used to buy regularly[[ through {channel}]][[, mostly {category}]][[, spending about {basket} an order]], but has gone quiet[[, with no order in {days} days]]. It looks like a pause rather than a goodbye.',
      actions: [
        'Send a personal "we miss you" note with news or restock updates on their usual products (only where marketing consent was given)',
        'Offer a time-limited welcome-back treat that makes reordering easy',
        'Ask one simple question about why they paused, and act on the answers',
      ],
    },
  },
  churned: {
    'zh-CN': {
      tagline: '很久没有回来的流失顾客',
      goals: [
        '按自己的需要，在合适的渠道购物',
        '如果回来，希望体验比以前更好',
        '不再收到无关的营销信息',
      ],
      pains: ['之前遇到的问题没有得到解决', '已经习惯了别的品牌或渠道', '营销信息多而无用'],
      motivations: ['看得见的改进或全新的产品', '足够有诚意的回归理由'],
      quote: '已经好久没买了，现在用的是别家的。',
      scenario:
        '{name|这位顾客}曾经在{channel|这里}买过{category|东西}[[，一单约 {basket}]]，但已经很久没有回来[[，距上次购买有 {days} 天了]]。大概率已经换了别家，挽回的投入要和可能的回报放在一起权衡。',
      actions: [
        '只做一到两次有针对性的挽回，例如告知已改进的问题或重要新品',
        '对长期没有响应的顾客停止营销触达，尊重顾客的选择',
        '分析流失原因，把改进落实到新客和成长期顾客的体验上',
      ],
    },
    en: {
      tagline: 'Long gone, now buying elsewhere',
      goals: [
        'Shop wherever suits their needs',
        'If they do return, find a better experience than before',
        'Stop receiving irrelevant marketing',
      ],
      pains: [
        'Earlier problems were never resolved',
        'Now used to another brand or channel',
        'Lots of marketing messages with little value',
      ],
      motivations: [
        'A visible improvement or a genuinely new product',
        'A sincere reason to come back',
      ],
      quote: "I haven't bought from you in ages. I use another brand now.",
      scenario:
        '{name|This customer} used to buy from you[[ through {channel}]][[, mostly {category}]][[, at about {basket} an order]], but has not been back for a long time[[; the last purchase was {days} days ago]]. They have most likely switched elsewhere, so the cost of winning them back should be weighed against the likely return.',
      actions: [
        'Make one or two targeted win-back attempts, such as news of a fixed problem or a major new product',
        'Stop marketing to long-unresponsive contacts and respect their choice',
        'Analyse why customers leave and fix it in the experience of new and growing customers',
      ],
    },
  },
};

// --- Any other group ---

export const GENERIC_TEMPLATE: Bilingual = {
  'zh-CN': {
    tagline: '这一群顾客的典型画像',
    goals: ['买到适合自己需要的商品', '购物过程方便、顺畅', '花的钱物有所值'],
    pains: ['找商品、比价格要花不少时间', '收到的营销信息和自己关系不大', '客服和售后响应不够及时'],
    motivations: ['方便和信任', '实在的价值和贴心的服务'],
    quote: '东西合适、买得顺手，我就会一直来。',
    scenario:
      '{name|这位顾客}是这一群体里的典型顾客[[，通常在{channel}购物]][[，常买{category}]][[，一单约 {basket}]][[，最近一次购买在 {days} 天前]]。选购时看重合适和省心，体验好就愿意再来。',
    actions: [
      '结合这一群体的购买数据，找出最常见的品类和渠道，做有针对性的推荐',
      '做一次简短问卷，了解这群顾客真实的需求和痛点',
      '先小范围测试一个触达方案，对比效果后再推广',
    ],
  },
  en: {
    tagline: 'A typical customer in this group',
    goals: [
      'Find products that fit their needs',
      'Shop conveniently and without friction',
      'Get good value for their money',
    ],
    pains: [
      'Finding and comparing products takes time',
      'Marketing messages often feel irrelevant',
      'Slow responses from customer service',
    ],
    motivations: ['Convenience and trust', 'Real value and attentive service'],
    quote: "If it suits me and it's easy to buy, I'll keep coming back.",
    scenario:
      '{name|This customer} is typical of this group[[, usually shopping through {channel}]][[, often for {category}]][[ and spending about {basket} an order]][[; the last purchase was {days} days ago]]. What matters is a good fit and an easy experience; when both are right, they come back.',
    actions: [
      "Use this group's purchase data to find its most common categories and channels, and tailor recommendations",
      'Run a short survey to learn what this group really needs and where it struggles',
      'Test one outreach idea on a small sample and compare results before rolling it out',
    ],
  },
};

// --- Choosing and filling ---

/** The RFM segment with these high/low flags (the same mapping as the RFM analysis). */
export function segmentForHint(hint: RfmHint): SegmentName {
  return SEGMENT_NAMES[segmentCode(hint.rHigh, hint.fHigh, hint.mHigh)] ?? '一般挽留';
}

function isSegmentName(key: string): key is SegmentName {
  return Object.hasOwn(SEGMENT_TEMPLATES, key);
}

function isLifecycleStage(key: string): key is LifecycleStage {
  return Object.hasOwn(LIFECYCLE_TEMPLATES, key);
}

/** A copy, so a caller editing a card cannot change the shared template. */
function copy(t: PersonaTemplate): PersonaTemplate {
  return {
    ...t,
    goals: [...t.goals],
    pains: [...t.pains],
    motivations: [...t.motivations],
    actions: [...t.actions],
  };
}

/**
 * The story template for a group. A segment key (重要价值 …) or lifecycle stage (new …) gets
 * its own template; a k-means cluster or a saved segment gets the template of the RFM
 * segment matching `hint` (its R/F/M above or below average) when given, else the generic
 * one, as does an unknown key. Always marked `isTemplate: true`.
 */
export function templateFor(
  groupKind: GroupKind,
  key: string,
  lang: Lang,
  hint?: RfmHint,
): TemplateResult {
  if (groupKind === 'segment' && isSegmentName(key)) {
    return {
      ...copy(SEGMENT_TEMPLATES[key][lang]),
      isTemplate: true,
      source: { kind: 'segment', key },
    };
  }
  if (groupKind === 'lifecycle' && isLifecycleStage(key)) {
    return {
      ...copy(LIFECYCLE_TEMPLATES[key][lang]),
      isTemplate: true,
      source: { kind: 'lifecycle', key },
    };
  }
  if ((groupKind === 'cluster' || groupKind === 'saved') && hint) {
    const segment = segmentForHint(hint);
    return {
      ...copy(SEGMENT_TEMPLATES[segment][lang]),
      isTemplate: true,
      source: { kind: 'segment', key: segment },
    };
  }
  return { ...copy(GENERIC_TEMPLATE[lang]), isTemplate: true, source: { kind: 'generic' } };
}

// --- Placeholders ---

const TEMPLATE_TOKEN = /\[\[([^[\]]*)\]\]|\{([A-Za-z][A-Za-z0-9_]*)(?:\|([^{}[\]]*))?\}/g;
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)(?:\|([^{}[\]]*))?\}/g;

function valueOf(values: Readonly<Record<string, string>>, key: string): string | null {
  if (!Object.hasOwn(values, key)) {
    return null;
  }
  const value = values[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * Fills a template's placeholders in one pass (a value is never itself scanned for
 * placeholders):
 *   {key}          → the value, or removed when it is missing or blank;
 *   {key|fallback} → the value, or the fallback text (e.g. {name|这位顾客});
 *   [[ … ]]        → an optional clause, kept (without the brackets) only when every
 *                    placeholder inside has a value, else dropped whole.
 * Then tidies the spacing and punctuation left behind (double spaces, a space before a
 * comma, "，。"), and writes "1 days" as "1 day".
 */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  const filled = text.replace(
    TEMPLATE_TOKEN,
    (_match, clause: string | undefined, key: string | undefined, fallback: string | undefined) => {
      if (clause !== undefined) {
        let complete = true;
        const inner = clause.replace(PLACEHOLDER, (_m, k: string, fb: string | undefined) => {
          const v = valueOf(values, k);
          if (v === null && fb === undefined) {
            complete = false;
          }
          return v ?? fb ?? '';
        });
        return complete ? inner : '';
      }
      return valueOf(values, key ?? '') ?? fallback ?? '';
    },
  );
  return tidy(filled);
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +([,.;:!?，。；：！？、）)])/g, '$1')
    .replace(/([（(]) +/g, '$1')
    .replace(/[，、；]+(?=[，。；！？])/g, '')
    .replace(/,+(?=[,.;!?])/g, '')
    .replace(/\b1 days\b/g, '1 day')
    .replace(/^[\s，。；,;.]+/, '')
    .trim();
}
